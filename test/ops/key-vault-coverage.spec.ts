/**
 * The startup check for keys under a key-encryption key that is not configured,
 * on intake (it keeps a key vault) with its own database on SQLite and on
 * PostgreSQL: given a vault with keys wrapped by a KEK the service is not given,
 * GET /ready answers 503 naming the KEK id and the key count (never a key),
 * /metrics has jm_key_vault_keys_unreadable for it; given that KEK as
 * KEY_ENCRYPTION_KEY_PREVIOUS, the service is ready and the gauge is 0.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { keyEncryptionKeyId, KeyVault, ReadModelSettings } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema } from '@jm/testing';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { openServiceDatabase } from '../../scripts/ops-backup/vault';
import { IntakeHarness, startIntake } from '../intake/support';

jest.setTimeout(120_000);

const CURRENT = Buffer.from(TEST_SECURITY_ENV.KEY_ENCRYPTION_KEY, 'hex');
const FORGOTTEN = Buffer.alloc(32, 7);
const FORGOTTEN_ID = keyEncryptionKeyId(FORGOTTEN);
const SCRAPE_TOKEN = 'scrape-token-for-the-key-vault-spec-0123456789';

const dir = mkdtempSync(join(tmpdir(), 'jm-kek-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A vault as a service left it before its KEK was rotated away: two keys under the forgotten KEK, one under the current. */
async function seedVault(settings: ReadModelSettings): Promise<void> {
  const db = await openServiceDatabase(INTAKE_READ_MODEL, settings);
  try {
    await new KeyVault(db, FORGOTTEN).ensureKey('informant-old-1', new Date());
    await new KeyVault(db, FORGOTTEN).ensureKey('informant-old-2', new Date());
    await new KeyVault(db, CURRENT).ensureKey('informant-new', new Date());
  } finally {
    await db.destroy();
  }
}

async function readinessAndGauge(intake: IntakeHarness) {
  const ready = await request(intake.http).get('/ready');
  const metrics = await request(intake.http).get('/metrics').set('Authorization', `Bearer ${SCRAPE_TOKEN}`);
  expect(metrics.status).toBe(200);
  const gauge = metrics.text.split('\n').filter((line) => line.startsWith('jm_key_vault_keys_unreadable{'));
  return {
    status: ready.status,
    body: ready.body as { status: string; failed?: string[]; checks: Record<string, { status: string; error?: string }> },
    gauge,
  };
}

describe.each([
  [
    'SQLite',
    async (): Promise<{ env: Record<string, string>; settings: ReadModelSettings; drop?: () => Promise<void> }> => {
      const path = join(dir, 'intake-read.sqlite');
      return { env: { READ_MODEL_SQLITE_PATH: path }, settings: { kind: 'sqlite', path } };
    },
  ],
  [
    'PostgreSQL',
    async () => {
      const schema = await createTestSchema('kek_check');
      return {
        env: { READ_MODEL_DB: 'postgres', READ_MODEL_PG_URL: schema.url, READ_MODEL_PG_SCHEMA: schema.schema },
        settings: { kind: 'postgres', url: schema.url, schema: schema.schema } as ReadModelSettings,
        drop: schema.drop,
      };
    },
  ],
])("intake's own database on %s", (_kind, given) => {
  let target: Awaited<ReturnType<typeof given>>;
  beforeAll(async () => {
    target = await given();
    await seedVault(target.settings);
  });
  afterAll(async () => target.drop?.());

  it('keys under a KEK that is not configured: /ready 503 naming the KEK id and count, the gauge counts them', async () => {
    const intake = await startIntake({ ...target.env, METRICS_TOKEN: SCRAPE_TOKEN });
    try {
      const { status, body, gauge } = await readinessAndGauge(intake);
      expect(status).toBe(503);
      expect(body.failed).toEqual(['key-vault']);
      expect(body.checks['key-vault'].error).toMatch(
        new RegExp(
          `^2 data keys of the key vault are wrapped with key-encryption keys that are not configured: ${FORGOTTEN_ID} \\(2 keys\\); set KEY_ENCRYPTION_KEY_PREVIOUS`,
        ),
      );
      expect(JSON.stringify(body)).not.toContain(FORGOTTEN.toString('hex'));
      expect(gauge.sort()).toEqual(
        [
          `jm_key_vault_keys_unreadable{kek_id="${FORGOTTEN_ID}",service="intake"} 2`,
          `jm_key_vault_keys_unreadable{kek_id="${keyEncryptionKeyId(CURRENT)}",service="intake"} 0`,
        ].sort(),
      );
    } finally {
      await intake.close();
    }
  });

  it('given that KEK as KEY_ENCRYPTION_KEY_PREVIOUS: ready, and the gauge is 0', async () => {
    const intake = await startIntake({ ...target.env, METRICS_TOKEN: SCRAPE_TOKEN, KEY_ENCRYPTION_KEY_PREVIOUS: FORGOTTEN.toString('hex') });
    try {
      const { status, body, gauge } = await readinessAndGauge(intake);
      expect(body.checks['key-vault']).toEqual({ status: 'up' });
      expect(status).toBe(200);
      expect(gauge).toContain(`jm_key_vault_keys_unreadable{kek_id="${FORGOTTEN_ID}",service="intake"} 0`);
    } finally {
      await intake.close();
    }
  });
});
