/**
 * The startup check of a service's key vault: which live data keys no configured key-encryption key opens (their
 * kek_id is neither KEY_ENCRYPTION_KEY's nor in KEY_ENCRYPTION_KEY_PREVIOUS). Without it such a key shows only on its
 * first read, as a 500 KEY_ENCRYPTION_KEY_MISSING. Counted once at startup (the configured keys do not change while
 * the process runs); the result is logged as an error naming the KEK ids and key counts (ids are hashes, never key
 * material), turns GET /ready to 503 (check "key-vault") and is the gauge jm_key_vault_keys_unreadable.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ServiceConfig } from '../config/service-config';
import { ReadinessRegistry } from '../nest/readiness';
import { READ_MODEL_TOKEN, SERVICE_CONFIG } from '../nest/tokens';
import { ServiceMetrics } from '../observability/metrics';
import { KeyEncryptionKeyMissingError, KeyEncryptionKeys } from './key-encryption-keys';
import { CryptoKeyEntity } from './key-vault';
import { KEY_VAULT_IN_READ_MODEL } from './tokens';

/** Rows without a kek_id (wrapped before ids were recorded) that no configured key opens are counted under this id. */
export const UNKNOWN_KEK_ID = 'unknown';

export interface KeyVaultCoverage {
  /** Live keys (not shredded) per KEK id, configured or not. */
  keysByKek: Record<string, number>;
  /** Of those, the keys per KEK id that is not configured; empty when every live key opens. */
  unreadable: Record<string, number>;
}

/** Rows without a kek_id read per statement. */
const LEGACY_BATCH = 500;

/** Counts the vault's live keys per KEK id; a row without kek_id is tried with each configured key (GCM's tag tells). */
export async function keyVaultCoverage(dataSource: DataSource, keks: KeyEncryptionKeys): Promise<KeyVaultCoverage> {
  const live = () => dataSource.getRepository(CryptoKeyEntity).createQueryBuilder('k').where('k.shreddedAt IS NULL AND k.wrappedKey IS NOT NULL');
  const counts = await live()
    .andWhere('k.kekId IS NOT NULL')
    .select('k.kekId', 'kekId')
    .addSelect('COUNT(*)', 'keys')
    .groupBy('k.kekId')
    .getRawMany<{ kekId: string; keys: string | number }>();
  const keysByKek: Record<string, number> = {};
  const unreadable: Record<string, number> = {};
  for (const { kekId, keys } of counts) {
    keysByKek[kekId] = Number(keys);
    if (!keks.knows(kekId)) unreadable[kekId] = Number(keys);
  }
  // Rows without a kek_id (wrapped before ids were recorded, until npm run rotate:kek): read in batches in key order,
  // so an old vault is never held whole in memory (none: one empty read).
  const legacy = () => live().andWhere('k.kekId IS NULL');
  for (let after: string | undefined; ;) {
    const batch = await (after === undefined ? legacy() : legacy().andWhere('k.keyId > :after', { after }))
      .orderBy('k.keyId', 'ASC')
      .take(LEGACY_BATCH)
      .getMany();
    for (const row of batch) {
      try {
        keks.unwrap(row.keyId, row.wrappedKey as string, null);
      } catch (error) {
        if (!(error instanceof KeyEncryptionKeyMissingError)) throw error;
        keysByKek[UNKNOWN_KEK_ID] = (keysByKek[UNKNOWN_KEK_ID] ?? 0) + 1;
        unreadable[UNKNOWN_KEK_ID] = (unreadable[UNKNOWN_KEK_ID] ?? 0) + 1;
      }
    }
    if (batch.length < LEGACY_BATCH) break;
    after = batch[batch.length - 1].keyId;
  }
  return { keysByKek, unreadable };
}

/** One line for the log and /ready: which KEK ids are missing and how many keys each wraps. */
export function describeUnreadable(unreadable: Record<string, number>): string {
  const parts = Object.entries(unreadable).map(([kekId, keys]) => `${kekId} (${keys} keys)`);
  const total = Object.values(unreadable).reduce((a, b) => a + b, 0);
  return `${total} data keys of the key vault are wrapped with key-encryption keys that are not configured: ${parts.join(', ')}; set KEY_ENCRYPTION_KEY_PREVIOUS to include them (docs/operations/secrets.md), then run npm run rotate:kek`;
}

@Injectable()
export class KeyVaultCoverageCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('KeyVault');
  private readonly keks?: KeyEncryptionKeys;
  private coverage?: Promise<KeyVaultCoverage>;

  constructor(
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(KEY_VAULT_IN_READ_MODEL) vault: boolean,
    @Inject(READ_MODEL_TOKEN) private readonly dataSource: DataSource,
    readiness: ReadinessRegistry,
    metrics: ServiceMetrics,
  ) {
    // Only a service whose own database holds a key vault (intake, cases, the console: KEY_VAULT_SCHEMA in its read
    // model) and that has a KEK to check with.
    if (!vault || !config.security.keyEncryptionKey) return;
    this.keks = new KeyEncryptionKeys(config.security.keyEncryptionKey, config.security.previousKeyEncryptionKeys);
    readiness.register('key-vault', async () => {
      const { unreadable } = await this.check();
      if (Object.keys(unreadable).length) throw new Error(describeUnreadable(unreadable));
    });
    metrics.gauge(
      'jm_key_vault_keys_unreadable',
      'Live data keys of the key vault whose key-encryption key is not configured (by KEK id, counted at startup; 0 for each configured KEK in use)',
      ['kek_id'],
      async () => {
        const { keysByKek, unreadable } = await this.check();
        return Object.keys(keysByKek).map((kekId) => ({ labels: { kek_id: kekId }, value: unreadable[kekId] ?? 0 }));
      },
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.keks) return;
    const { keysByKek, unreadable } = await this.check();
    if (Object.keys(unreadable).length) this.logger.error({ unreadableKeysByKek: unreadable }, describeUnreadable(unreadable));
    else this.logger.log({ keysByKek }, 'key vault: every live data key opens with a configured key-encryption key');
  }

  /** Counted once; a failed count (database unreachable) is tried again at the next call. */
  private check(): Promise<KeyVaultCoverage> {
    this.coverage ??= keyVaultCoverage(this.dataSource, this.keks as KeyEncryptionKeys).catch((error: unknown) => {
      this.coverage = undefined;
      throw error;
    });
    return this.coverage;
  }
}
