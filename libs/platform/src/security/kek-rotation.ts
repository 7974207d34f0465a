/**
 * Re-wraps a key vault's live data keys under the current key-encryption key (`npm run rotate:kek`). Rows are taken
 * in key order, a batch per transaction, so a run stopped half-way keeps what it committed and the next run picks up
 * the rest (rows already under the current KEK are not selected: running it again changes nothing). Each update
 * is conditional on the row being as it was read, so a key shredded meanwhile stays shredded. A row whose KEK is
 * not configured is counted and named, and the run goes on with the others.
 */
import { DataSource } from 'typeorm';
import { inTransaction } from '@jm/bus';
import { CryptoKeyEntity } from './key-vault';
import { KeyEncryptionKeyMissingError, KeyEncryptionKeys } from './key-encryption-keys';

export interface KekRotationProgress {
  /** Live keys still wrapped with another KEK (or of unknown origin) when the run started. */
  total: number;
  rewrapped: number;
  /** Keys whose KEK is not configured, or that were shredded while the run read them. */
  skipped: number;
}

export interface KekRotationResult extends KekRotationProgress {
  /** The current KEK's id, which every re-wrapped key now records. */
  kekId: string;
  /** One line per key that could not be re-wrapped, naming the KEK it needs. */
  problems: string[];
}

export async function rewrapDataKeys(
  dataSource: DataSource,
  keks: KeyEncryptionKeys,
  options: { batchSize?: number; onProgress?: (progress: KekRotationProgress) => void } = {},
): Promise<KekRotationResult> {
  const batchSize = options.batchSize ?? 100;
  const stale = () =>
    dataSource
      .getRepository(CryptoKeyEntity)
      .createQueryBuilder('k')
      .where('k.shreddedAt IS NULL AND k.wrappedKey IS NOT NULL')
      .andWhere('(k.kekId IS NULL OR k.kekId <> :current)', { current: keks.currentId });
  const progress: KekRotationProgress = { total: await stale().getCount(), rewrapped: 0, skipped: 0 };
  const problems: string[] = [];
  let after = '';
  for (;;) {
    const batch = await stale().andWhere('k.keyId > :after', { after }).orderBy('k.keyId', 'ASC').limit(batchSize).getMany();
    if (batch.length === 0) break;
    after = batch[batch.length - 1].keyId;
    await inTransaction(dataSource, async (manager) => {
      for (const row of batch) {
        let dataKey: Buffer;
        try {
          dataKey = keks.unwrap(row.keyId, row.wrappedKey as string, row.kekId);
        } catch (error) {
          if (!(error instanceof KeyEncryptionKeyMissingError)) throw error;
          problems.push(error.message);
          progress.skipped++;
          continue;
        }
        const result = await manager
          .getRepository(CryptoKeyEntity)
          .createQueryBuilder()
          .update()
          .set(keks.wrap(dataKey))
          .where('key_id = :keyId AND wrapped_key = :wrappedKey AND shredded_at IS NULL', { keyId: row.keyId, wrappedKey: row.wrappedKey })
          .execute();
        if ((result.affected ?? 0) > 0) progress.rewrapped++;
        else progress.skipped++;
      }
    });
    options.onProgress?.({ ...progress });
  }
  return { ...progress, kekId: keks.currentId, problems };
}
