/**
 * Crypto-shredding for informant identity. Each informant gets their own data
 * key (AES-256-GCM), kept in the service's own database — apart from the events
 * — and itself encrypted with the deployment's key-encryption key
 * (KEY_ENCRYPTION_KEY). Events carry only the sealed value. Shredding deletes
 * the data key (a tombstone says when), after which the sealed value in every
 * event, copy and backup of the log is unreadable, while the events themselves,
 * their hashes and the rest of the history stay valid. Each row records which
 * key-encryption key wrapped it (kek_id), so the KEK can be rotated
 * (key-encryption-keys.ts, kek-rotation.ts).
 */
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { column, createTablesMigration, entityOf, qualifiedTable, schemaOf, TableSpec } from '@jm/read-model';
import { inTransaction } from '@jm/bus';
import type { SealedValue } from '@jm/contracts';
import { decrypt, encrypt, KeyEncryptionKeys } from './key-encryption-keys';
import type { ShredJournal } from './shred-journal';

export interface CryptoKeyRow {
  keyId: string;
  /** The data key wrapped with the KEK (iv.tag.ciphertext, base64); null once shredded. */
  wrappedKey: string | null;
  createdAt: string;
  shreddedAt: string | null;
  /** Id of the key-encryption key that wrapped wrappedKey (keyEncryptionKeyId); null for rows wrapped before it was recorded. */
  kekId: string | null;
}

export const TABLE_CRYPTO_KEYS = 'crypto_keys';

/** The table as CreateCryptoKeys1763900000000 created it (a migration never changes). */
const CRYPTO_KEYS_V1: TableSpec<Omit<CryptoKeyRow, 'kekId'>> = {
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

const KEK_ID = column.varchar('kekId', 'kek_id', 16, { nullable: true });

export const CRYPTO_KEYS: TableSpec<CryptoKeyRow> = { ...CRYPTO_KEYS_V1, columns: [...CRYPTO_KEYS_V1.columns, KEK_ID] };

export const CryptoKeyEntity = entityOf<CryptoKeyRow>('CryptoKey', CRYPTO_KEYS);

export const CreateCryptoKeys1763900000000 = createTablesMigration('CreateCryptoKeys1763900000000', [CRYPTO_KEYS_V1]);

/** Adds kek_id; existing rows keep null (their KEK is found by trying each configured one until rotate:kek records it). */
export class AddCryptoKeyKekId1780500000000 implements MigrationInterface {
  name = 'AddCryptoKeyKekId1780500000000';
  up = (queryRunner: QueryRunner): Promise<void> =>
    queryRunner.query(`ALTER TABLE ${qualifiedTable(schemaOf(queryRunner.connection), TABLE_CRYPTO_KEYS)} ADD COLUMN "kek_id" varchar(16)`);
  down = (queryRunner: QueryRunner): Promise<void> =>
    queryRunner.query(`ALTER TABLE ${qualifiedTable(schemaOf(queryRunner.connection), TABLE_CRYPTO_KEYS)} DROP COLUMN "kek_id"`);
}

export const KEY_VAULT_SCHEMA = { entities: [CryptoKeyEntity], migrations: [CreateCryptoKeys1763900000000, AddCryptoKeyKekId1780500000000] };

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

export class KeyVault {
  private readonly keks: KeyEncryptionKeys;

  /** `previousKeks`: earlier key-encryption keys (KEY_ENCRYPTION_KEY_PREVIOUS) that still unwrap, never wrap. */
  constructor(
    private readonly dataSource: DataSource,
    keyEncryptionKey: Buffer,
    previousKeks: readonly Buffer[] = [],
    /** Where shredding records its tombstone first, outside the backups (docs/operations/backup.md). */
    private readonly journal?: ShredJournal,
  ) {
    this.keks = new KeyEncryptionKeys(keyEncryptionKey, previousKeks);
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
      await repo
        .createQueryBuilder()
        .insert()
        .values({ keyId, ...this.keks.wrap(randomBytes(32)), createdAt: now.toISOString(), shreddedAt: null })
        .orIgnore()
        .execute();
    });
  }

  private async dataKey(keyId: string): Promise<Buffer> {
    const row = await this.repo.findOneBy({ keyId });
    if (!row) throw new KeyNotFoundError(keyId);
    if (row.shreddedAt || !row.wrappedKey) throw new KeyShreddedError(keyId, row.shreddedAt ?? 'an unknown time');
    return this.keks.unwrap(keyId, row.wrappedKey, row.kekId);
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
