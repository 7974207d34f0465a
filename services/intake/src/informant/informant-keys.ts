/**
 * The informants' data keys (KeyVault, in intake's own database). On SQLite
 * the database has one connection, shared with the bus consumer: a key
 * written while a consumer transaction is open would otherwise become part
 * of that transaction (and vanish if it rolled back, leaving a sealed
 * identity nobody can open). Key writes therefore run in their own
 * transaction, serialised with the consumer's (inTransaction).
 */
import { Injectable } from '@nestjs/common';
import { InjectReadModel, InjectServiceConfig, inTransaction, KeyVault, SealedValue, ServiceConfig } from '@jm/shared';
import { DataSource } from 'typeorm';

@Injectable()
export class InformantKeys {
  private readonly vault: KeyVault;

  constructor(@InjectReadModel() private readonly db: DataSource, @InjectServiceConfig() config: ServiceConfig) {
    if (!config.security.keyEncryptionKey) throw new Error('intake needs KEY_ENCRYPTION_KEY to seal informant identities');
    this.vault = new KeyVault(db, config.security.keyEncryptionKey);
  }

  /** Creates the informant's key (once) and seals the identity with it. */
  async seal(keyId: string, identity: unknown, now: Date): Promise<SealedValue> {
    await inTransaction(this.db, () => this.vault.ensureKey(keyId, now));
    return this.vault.seal(keyId, identity);
  }

  open<T>(sealed: SealedValue): Promise<T> {
    return this.vault.open<T>(sealed);
  }

  /** Destroys the key: whatever it sealed is unreadable from now on, everywhere. */
  async shred(keyId: string, now: Date): Promise<boolean> {
    return inTransaction(this.db, () => this.vault.shred(keyId, now));
  }
}
