/**
 * The key-encryption keys a key vault knows: the current one (KEY_ENCRYPTION_KEY), which wraps every new data
 * key, and earlier ones (KEY_ENCRYPTION_KEY_PREVIOUS), which only unwrap until `npm run rotate:kek` has re-wrapped
 * what they wrapped. Each is known by an id derived from it (a hash, not the key), stored beside each wrapped key,
 * so that unwrapping picks the right one and an error can name a missing one without revealing anything.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** AES-256-GCM output, each part base64. */
export interface Sealed {
  iv: string;
  tag: string;
  ciphertext: string;
}

export function encrypt(key: Buffer, plaintext: Buffer): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ciphertext: ciphertext.toString('base64') };
}

export function decrypt(key: Buffer, sealed: Sealed): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]);
}

/** The id of a key-encryption key: 16 hex characters of a domain-separated SHA-256 of it (the key cannot be derived back). */
export function keyEncryptionKeyId(kek: Buffer): string {
  return createHash('sha256').update('jm key-encryption key id v1\0').update(kek).digest('hex').slice(0, 16);
}

/** A data key was wrapped with a key-encryption key this process is not given (neither current nor previous). */
export class KeyEncryptionKeyMissingError extends Error {
  readonly code = 'KEY_ENCRYPTION_KEY_MISSING';
  constructor(
    readonly keyId: string,
    readonly kekId: string | null,
  ) {
    super(
      kekId
        ? `the data key ${keyId} is wrapped with the key-encryption key ${kekId}, which is neither KEY_ENCRYPTION_KEY nor in KEY_ENCRYPTION_KEY_PREVIOUS; configure that key again (then run npm run rotate:kek)`
        : `the data key ${keyId} opens with none of the configured key-encryption keys (KEY_ENCRYPTION_KEY, KEY_ENCRYPTION_KEY_PREVIOUS); configure the key it was wrapped with (then run npm run rotate:kek)`,
    );
    this.name = 'KeyEncryptionKeyMissingError';
  }
}

export class KeyEncryptionKeys {
  readonly currentId: string;
  private readonly byId: ReadonlyMap<string, Buffer>;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const kek of [current, ...previous]) if (kek.length !== 32) throw new Error('the key-encryption key must be 32 bytes');
    this.currentId = keyEncryptionKeyId(current);
    // The current key first: a row of unknown origin (wrapped before ids were recorded) tries it first.
    this.byId = new Map([current, ...previous].map((kek) => [keyEncryptionKeyId(kek), kek]));
  }

  /** Whether the key-encryption key of that id is configured (current or previous). */
  knows(kekId: string): boolean {
    return this.byId.has(kekId);
  }

  /** The data key wrapped with the current key, as stored (iv.tag.ciphertext), and that key's id. */
  wrap(dataKey: Buffer): { wrappedKey: string; kekId: string } {
    const sealed = encrypt(this.byId.get(this.currentId) as Buffer, dataKey);
    return { wrappedKey: `${sealed.iv}.${sealed.tag}.${sealed.ciphertext}`, kekId: this.currentId };
  }

  /**
   * The data key of a stored row. `kekId` null: wrapped before ids were recorded, so each configured key is tried
   * (GCM's tag tells the right one). Throws KeyEncryptionKeyMissingError when no configured key fits.
   */
  unwrap(keyId: string, wrappedKey: string, kekId: string | null): Buffer {
    const [iv, tag, ciphertext] = wrappedKey.split('.');
    if (kekId !== null) {
      const kek = this.byId.get(kekId);
      if (!kek) throw new KeyEncryptionKeyMissingError(keyId, kekId);
      return decrypt(kek, { iv, tag, ciphertext });
    }
    for (const kek of this.byId.values()) {
      try {
        return decrypt(kek, { iv, tag, ciphertext });
      } catch {
        // Not this key: try the next; none fitting is reported below.
      }
    }
    throw new KeyEncryptionKeyMissingError(keyId, null);
  }
}
