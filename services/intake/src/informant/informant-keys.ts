/**
 * The informants' data keys (KeyVault, in intake's own database, apart from
 * the events). The vault commits its key writes on their own, never inside a
 * bus consumer's transaction.
 */
import { Injectable } from '@nestjs/common';
import { SealedValue } from '@jm/contracts';
import { InjectReadModel, InjectServiceConfig, KeyVault, ServiceConfig, ShredJournal } from '@jm/platform';
import { DataSource } from 'typeorm';

@Injectable()
export class InformantKeys {
  private readonly vault: KeyVault;

  constructor(@InjectReadModel() db: DataSource, @InjectServiceConfig() config: ServiceConfig) {
    if (!config.security.keyEncryptionKey) throw new Error('intake needs KEY_ENCRYPTION_KEY to seal informant identities');
    this.vault = new KeyVault(
      db,
      config.security.keyEncryptionKey,
      config.security.previousKeyEncryptionKeys,
      new ShredJournal(config.security.shredJournalPath),
    );
  }

  /** Creates the informant's key (once) and seals the identity with it. */
  async seal(keyId: string, identity: unknown, now: Date): Promise<SealedValue> {
    await this.vault.ensureKey(keyId, now);
    return this.vault.seal(keyId, identity);
  }

  open<T>(sealed: SealedValue): Promise<T> {
    return this.vault.open<T>(sealed);
  }

  /** Destroys the key: whatever it sealed is unreadable from now on, everywhere. */
  async shred(keyId: string, now: Date): Promise<boolean> {
    return this.vault.shred(keyId, now);
  }
}
