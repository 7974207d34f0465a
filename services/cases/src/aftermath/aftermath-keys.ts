/**
 * The data keys of the register's persons (KeyVault, in cases' own database,
 * apart from the events; wrapped with KEY_ENCRYPTION_KEY), as intake keeps the
 * informants'. One key per person: shredding it makes that identity unreadable
 * everywhere while the person's claims and refunds stay.
 */
import { Injectable } from '@nestjs/common';
import { SealedValue } from '@jm/contracts';
import { InjectReadModel, InjectServiceConfig, KeyVault, ServiceConfig, ShredJournal } from '@jm/platform';
import { DataSource } from 'typeorm';

export const aftermathKeyId = (personId: string): string => `aftermath-${personId}`;

@Injectable()
export class AftermathKeys {
  private readonly vault: KeyVault;

  constructor(@InjectReadModel() db: DataSource, @InjectServiceConfig() config: ServiceConfig) {
    if (!config.security.keyEncryptionKey) throw new Error('cases needs KEY_ENCRYPTION_KEY to seal the aftermath register’s identities');
    this.vault = new KeyVault(
      db,
      config.security.keyEncryptionKey,
      config.security.previousKeyEncryptionKeys,
      new ShredJournal(config.security.shredJournalPath),
    );
  }

  async seal(personId: string, identity: unknown, now: Date): Promise<SealedValue> {
    await this.vault.ensureKey(aftermathKeyId(personId), now);
    return this.vault.seal(aftermathKeyId(personId), identity);
  }

  open<T>(sealed: SealedValue): Promise<T> {
    return this.vault.open<T>(sealed);
  }

  async shred(personId: string, now: Date): Promise<void> {
    await this.vault.shred(aftermathKeyId(personId), now);
  }
}
