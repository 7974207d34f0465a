/**
 * Crypto-shredding for informant identity. Each informant gets their own data
 * key (AES-256-GCM), kept in the service's own database — apart from the events
 * — and itself encrypted with the deployment's key-encryption key
 * (KEY_ENCRYPTION_KEY). Events carry only the sealed value. Shredding deletes
 * the data key (a tombstone says when), after which the sealed value in every
 * event, copy and backup of the log is unreadable, while the events themselves,
 * their hashes and the rest of the history stay valid.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { column, createTablesMigration, entityOf, TableSpec } from '@jm/read-model';
import { inTransaction } from '@jm/bus';
import type { SealedValue } from '@jm/contracts';
import type { ShredJournal } from './shred-journal';

export interface CryptoKeyRow {
  keyId: string;
  /** The data key wrapped with the KEK (iv.tag.ciphertext, base64); null once shredded. */
  wrappedKey: string | null;
  createdAt: string;
  shreddedAt: string | null;
}

export const TABLE_CRYPTO_KEYS = 'crypto_keys';

export const CRYPTO_KEYS: TableSpec<CryptoKeyRow> = {
  table: TABLE_CRYPTO_KEYS,
  ddl: 'table-api',
  columns: [
    column.varchar('keyId', 'key_id', 100, { primary: true }),
    column.text('wrappedKey', 'wrapped_key', { nullable: true }),
    column.varchar('createdAt', 'created_at', 40),
    column.varchar('shreddedAt', 'shredded_at', 40, { nullable: true }),
  ],
  indexes: [],
};

export const CryptoKeyEntity = entityOf<CryptoKeyRow>('CryptoKey', CRYPTO_KEYS);

export const CreateCryptoKeys1763900000000 = createTablesMigration('CreateCryptoKeys1763900000000', [CRYPTO_KEYS]);

export const KEY_VAULT_SCHEMA = { entities: [CryptoKeyEntity], migrations: [CreateCryptoKeys1763900000000] };

/** The key was shredded: what it sealed can never be read again. */
export class KeyShreddedError extends Error {
  readonly code = 'KEY_SHREDDED';
  constructor(
    readonly keyId: string,
    readonly shreddedAt: string,
  ) {
    super(`the key ${keyId} was shredded at ${shreddedAt}; what it protected can no longer be read by anyone`);
    this.name = 'KeyShreddedError';
  }
}

export class KeyNotFoundError extends Error {
  readonly code = 'KEY_NOT_FOUND';
  constructor(readonly keyId: string) {
    super(`no key ${keyId} in the key vault`);
    this.name = 'KeyNotFoundError';
  }
}

function encrypt(key: Buffer, plaintext: Buffer): { iv: string; tag: string; ciphertext: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

function decrypt(key: Buffer, sealed: { iv: string; tag: string; ciphertext: string }): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
}

export class KeyVault {
  constructor(
    private readonly dataSource: DataSource,
    private readonly keyEncryptionKey: Buffer,
    /** Where shredding records its tombstone first, outside the backups (docs/operations/backup.md). */
    private readonly journal?: ShredJournal,
  ) {
    if (keyEncryptionKey.length !== 32) throw new Error('the key-encryption key must be 32 bytes');
  }

  private get repo() {
    return this.dataSource.getRepository(CryptoKeyEntity);
  }

  /**
   * Key writes commit on their own, never inside someone else's transaction: on
   * SQLite the read-model database has one connection, shared with the bus
   * consumer, and a key written while a consumer transaction is open would join
   * it (and vanish with its rollback, leaving a sealed identity nobody can open).
   */
  private write<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.dataSource, fn);
  }

  /** Creates the data key for keyId unless it exists (idempotent); refuses to recreate a shredded one. */
  async ensureKey(keyId: string, now: Date): Promise<void> {
    await this.write(async (manager) => {
      const repo = manager.getRepository(CryptoKeyEntity);
      const existing = await repo.findOneBy({ keyId });
      if (existing?.shreddedAt) throw new KeyShreddedError(keyId, existing.shreddedAt);
      if (existing) return;
      const wrapped = encrypt(this.keyEncryptionKey, randomBytes(32));
      await repo
        .createQueryBuilder()
        .insert()
        .values({ keyId, wrappedKey: `${wrapped.iv}.${wrapped.tag}.${wrapped.ciphertext}`, createdAt: now.toISOString(), shreddedAt: null })
        .orIgnore()
        .execute();
    });
  }

  private async dataKey(keyId: string): Promise<Buffer> {
    const row = await this.repo.findOneBy({ keyId });
    if (!row) throw new KeyNotFoundError(keyId);
    if (row.shreddedAt || !row.wrappedKey) throw new KeyShreddedError(keyId, row.shreddedAt ?? 'an unknown time');
    const [iv, tag, ciphertext] = row.wrappedKey.split('.');
    return decrypt(this.keyEncryptionKey, { iv, tag, ciphertext });
  }

  async seal(keyId: string, value: unknown): Promise<SealedValue> {
    const sealed = encrypt(await this.dataKey(keyId), Buffer.from(JSON.stringify(value), 'utf8'));
    return { alg: 'AES-256-GCM', keyId, ...sealed };
  }

  async open<T = unknown>(sealed: SealedValue): Promise<T> {
    const plain = decrypt(await this.dataKey(sealed.keyId), sealed);
    return JSON.parse(plain.toString('utf8')) as T;
  }

  /** Destroys the data key. True if it existed and is now gone; false if it was already shredded. */
  async shred(keyId: string, now: Date): Promise<boolean> {
    return this.write(async (manager) => {
      const repo = manager.getRepository(CryptoKeyEntity);
      if (this.journal && (await repo.findOneBy({ keyId }))?.shreddedAt === null) this.journal.record({ keyId, shreddedAt: now.toISOString() });
      const result = await repo
        .createQueryBuilder()
        .update()
        .set({ wrappedKey: null, shreddedAt: now.toISOString() })
        .where('key_id = :keyId AND shredded_at IS NULL', { keyId })
        .execute();
      if ((result.affected ?? 0) > 0) return true;
      if (!(await repo.findOneBy({ keyId }))) throw new KeyNotFoundError(keyId);
      return false;
    });
  }

  async status(keyId: string): Promise<'active' | 'shredded' | 'unknown'> {
    const row = await this.repo.findOneBy({ keyId });
    return !row ? 'unknown' : row.shreddedAt ? 'shredded' : 'active';
  }
}
