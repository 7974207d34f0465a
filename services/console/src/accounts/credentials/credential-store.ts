/**
 * The credentials table's operations (credentials.table.ts). A username is taken by inserting its row: the key
 * makes it unique across the deployment, also between two admins creating the same name at once. TOTP secrets
 * are sealed with a data key per enrolment in the key vault (KEY_ENCRYPTION_KEY wraps it) and opened only to
 * check a code; turning TOTP off shreds the key.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull, LessThan, Or } from 'typeorm';
import type { SealedValue } from '@jm/contracts';
import { InjectReadModel, InjectServiceConfig, KeyVault } from '@jm/platform';
import type { ServiceConfig } from '@jm/platform';
import { UsernameTakenError } from '../account/account.errors';
import { CredentialEntity, CredentialRow } from './credentials.table';

@Injectable()
export class CredentialStore {
  private readonly vault: KeyVault;

  constructor(
    @InjectReadModel() private readonly db: DataSource,
    @InjectServiceConfig() config: ServiceConfig,
  ) {
    const kek = config.security.keyEncryptionKey;
    if (!kek) throw new Error('the console needs KEY_ENCRYPTION_KEY (it seals TOTP secrets)');
    this.vault = new KeyVault(db, kek, config.security.previousKeyEncryptionKeys);
  }

  private get repo() {
    return this.db.getRepository(CredentialEntity);
  }

  /** Takes the username for an account; UsernameTakenError when it is taken. */
  async create(row: Omit<CredentialRow, 'totpSecret' | 'totpPending' | 'totpLastStep' | 'updatedAt'>): Promise<void> {
    if (await this.repo.existsBy({ username: row.username })) throw new UsernameTakenError(row.username);
    try {
      await this.repo.insert({ ...row, totpSecret: null, totpPending: null, totpLastStep: null, updatedAt: row.createdAt });
    } catch (error) {
      // Another request took the name between the check and the insert.
      if (await this.repo.existsBy({ username: row.username })) throw new UsernameTakenError(row.username);
      throw error;
    }
  }

  /** Undoes a create whose account event could not be stored (the name is free again). */
  async remove(username: string): Promise<void> {
    await this.repo.delete({ username });
  }

  byUsername(username: string): Promise<CredentialRow | null> {
    return this.repo.findOneBy({ username });
  }

  byAccountId(accountId: string): Promise<CredentialRow | null> {
    return this.repo.findOneBy({ accountId });
  }

  byExternalKey(externalKey: string): Promise<CredentialRow | null> {
    return this.repo.findOneBy({ externalKey });
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  /** The accounts of some agencies, by username. */
  ofAgencies(agencies: string[]): Promise<CredentialRow[]> {
    return agencies.length ? this.repo.find({ where: { agency: In(agencies) }, order: { username: 'ASC' } }) : Promise.resolve([]);
  }

  async setPasswordHash(accountId: string, passwordHash: string, at: string): Promise<void> {
    await this.repo.update({ accountId }, { passwordHash, updatedAt: at });
  }

  /** Keeps a secret being enrolled (sealed), replacing an earlier unconfirmed one. */
  async setPendingTotp(accountId: string, secret: string, at: string): Promise<void> {
    const sealed = await this.seal(accountId, secret, at);
    await this.repo.update({ accountId }, { totpPending: JSON.stringify(sealed), updatedAt: at });
  }

  async pendingTotp(row: CredentialRow): Promise<string | undefined> {
    return row.totpPending ? this.vault.open<string>(JSON.parse(row.totpPending) as SealedValue) : undefined;
  }

  async activeTotp(row: CredentialRow): Promise<string | undefined> {
    return row.totpSecret ? this.vault.open<string>(JSON.parse(row.totpSecret) as SealedValue) : undefined;
  }

  /** The pending secret becomes the account's, with the step of the code that confirmed it spent. */
  async confirmTotp(row: CredentialRow, step: number, at: string): Promise<void> {
    await this.repo.update({ accountId: row.accountId }, { totpSecret: row.totpPending, totpPending: null, totpLastStep: step, updatedAt: at });
  }

  /** Spends a TOTP step: false when it (or a later one) was used already, so a code counts once even under a race. */
  async spendTotpStep(accountId: string, step: number): Promise<boolean> {
    const result = await this.repo.update({ accountId, totpLastStep: Or(IsNull(), LessThan(step)) }, { totpLastStep: step });
    return (result.affected ?? 0) > 0;
  }

  async clearTotp(row: CredentialRow, at: string): Promise<void> {
    await this.repo.update({ accountId: row.accountId }, { totpSecret: null, totpPending: null, totpLastStep: null, updatedAt: at });
    for (const sealed of [row.totpSecret, row.totpPending])
      if (sealed) await this.vault.shred((JSON.parse(sealed) as SealedValue).keyId, new Date(at));
  }

  private async seal(accountId: string, secret: string, at: string): Promise<SealedValue> {
    const keyId = `totp-${accountId}-${randomUUID()}`;
    await this.vault.ensureKey(keyId, new Date(at));
    return this.vault.seal(keyId, secret);
  }
}
