/**
 * Backup, restore and the restore drill on PostgreSQL (issue 20), with data the
 * services produced: intake takes leads with sealed informant identities over
 * HTTP, the reporting scenario adds cases through their lifecycle, intake,
 * cases, notifications and reporting project everything (each its own
 * database), and an anchor is taken. One informant's key is shredded between
 * the backup and the restore: the drill passes and the restored vault cannot
 * open that identity while the other still opens. The drill rebuilds every
 * service's read models: one row of cases' changed in the source fails it,
 * naming the service, table and row. A backup with one byte of an event
 * changed fails the drill naming the chain break.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LeadReceivedData, SYSTEM_AGENCY, toLeadStreamId } from '@jm/contracts';
import { PostgresEventStore } from '@jm/event-sourcing';
import {
  connectServiceConsumer,
  consumedStreamPrefixes,
  createServiceApp,
  KEY_VAULT_SCHEMA,
  KeyShreddedError,
  KeyVault,
  READ_MODEL_TOKEN,
  ReadModelSchema,
  ShredJournal,
} from '@jm/platform';
import { bearer, TEST_SECURITY_ENV } from '@jm/platform/testing';
import { createTestSchema, pollUntil, uniqueName } from '@jm/testing';
import { ConsumerCheckpointEntity, ServiceName } from '@jm/bus';
import { CasesModule } from '../../services/cases/src/cases.module';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { NotificationsModule } from '../../services/notifications/src/notifications.module';
import { NOTIFICATIONS_READ_MODEL } from '../../services/notifications/src/notifications.read-model';
import { takeAnchor } from '../../services/reporting/src/audit/audit-anchors';
import { Manifest } from '../../scripts/ops-backup/backup';
import { EXIT, runOpsCli } from '../../scripts/ops-backup/cli';
import type { DrillReport } from '../../scripts/ops-backup/drill';
import { IntakeHarness, startIntake, submitAgencyLead } from '../intake/support';
import { ReportingTestApp, startReportingApp } from '../reporting/support/reporting-app';
import { appendScenario, generateScenario } from '../reporting/support/reporting-scenario';
import { runNpmScript } from './support';

jest.setTimeout(300_000);

const IDENTITY_A = { name: '张三', phone: '13800000001', idNumber: '350502198001011234', address: '鲤城区海滨街道一号' };
const IDENTITY_B = { name: '李四', phone: '13800000002', idNumber: '350502198502022345', address: '鲤城区开元街道二号' };
const KEK = Buffer.from(TEST_SECURITY_ENV.KEY_ENCRYPTION_KEY, 'hex');

type Schema = Awaited<ReturnType<typeof createTestSchema>>;

const dir = mkdtempSync(join(tmpdir(), 'jm-backup-pg-'));
const journalPath = join(dir, 'journal', 'shred-journal.jsonl');
const schemas: Schema[] = [];
const databases: string[] = [];
let intake: IntakeHarness;
let reporting: ReportingTestApp;
/** Cases and notifications, running on the same store with their own databases (their consumers keep the live tables the quiet drill compares). */
const others: Array<{ service: ServiceName; app: INestApplication }> = [];
let env: Record<string, string>;
let leadA: string;
let leadB: string;

/** A fresh database name for a restore (the drill creates it; afterAll drops it). */
function targetUrl(): string {
  const url = new URL(schemas[0].url);
  url.pathname = `/${uniqueName('jm_backup')
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')}`;
  databases.push(url.toString());
  return url.toString();
}

async function dropDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const ds = new DataSource({ type: 'postgres', url: admin.toString() });
  await ds.initialize();
  await ds.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await ds.destroy();
}

async function sealedOf(store: PostgresEventStore, leadId: string) {
  const [received] = await store.readStream(toLeadStreamId(leadId));
  return (received.data as LeadReceivedData).informant!;
}

/** A service on the shared store with its own database, the embedded bus running its consumer. */
async function startService(service: ServiceName, module: object, readModel: ReadModelSchema, env: Record<string, string>): Promise<void> {
  const { app, config } = await createServiceApp(service, module as never, {
    env: { ...TEST_SECURITY_ENV, LOG_LEVEL: 'silent', INSTANCE_ID: `${service}-${randomUUID().slice(0, 8)}`, ...env },
    readModel,
  });
  connectServiceConsumer(app, config);
  await app.startAllMicroservices();
  others.push({ service, app });
}

beforeAll(async () => {
  for (const name of ['bk_store', 'bk_intake', 'bk_cases', 'bk_reporting', 'bk_notifications']) schemas.push(await createTestSchema(name));
  const [store, intakeRead, casesRead, reportingRead, notificationsRead] = schemas;
  const storeEnv = { EVENT_STORE: 'postgres', PG_URL: store.url, PG_SCHEMA: store.schema, READ_MODEL_DB: 'postgres' };
  // The cases of the reporting scenario first: the services' consumers react to them once they run.
  const scenarioStore = await PostgresEventStore.connect({ url: store.url, schema: store.schema });
  await appendScenario(scenarioStore, generateScenario({ seed: 2020, leads: 60 }));
  await scenarioStore.close();
  intake = await startIntake({
    ...storeEnv,
    READ_MODEL_PG_URL: intakeRead.url,
    READ_MODEL_PG_SCHEMA: intakeRead.schema,
    SHRED_JOURNAL_PATH: journalPath,
  });
  reporting = await startReportingApp({
    ...storeEnv,
    READ_MODEL_PG_URL: reportingRead.url,
    READ_MODEL_PG_SCHEMA: reportingRead.schema,
    AUDIT_ANCHOR_INTERVAL_MINUTES: '0',
  });
  await startService('cases', CasesModule, CASES_READ_MODEL, {
    ...storeEnv,
    READ_MODEL_PG_URL: casesRead.url,
    READ_MODEL_PG_SCHEMA: casesRead.schema,
    SHRED_JOURNAL_PATH: journalPath,
  });
  // Channels: the inbox only (nothing to send to); the scheduler's timer out of the way.
  const channels = join(dir, 'notification-channels.json');
  writeFileSync(channels, JSON.stringify({ defaultLocale: 'zh-CN', agencies: {} }));
  await startService('notifications', NotificationsModule, NOTIFICATIONS_READ_MODEL, {
    ...storeEnv,
    READ_MODEL_PG_URL: notificationsRead.url,
    READ_MODEL_PG_SCHEMA: notificationsRead.schema,
    NOTIFICATION_CHANNELS_PATH: channels,
    DEADLINE_TICK_SECONDS: '3600',
  });
  env = {
    ...storeEnv,
    INTAKE_READ_MODEL_PG_URL: intakeRead.url,
    INTAKE_READ_MODEL_PG_SCHEMA: intakeRead.schema,
    CASES_READ_MODEL_PG_URL: casesRead.url,
    CASES_READ_MODEL_PG_SCHEMA: casesRead.schema,
    NOTIFICATIONS_READ_MODEL_PG_URL: notificationsRead.url,
    NOTIFICATIONS_READ_MODEL_PG_SCHEMA: notificationsRead.schema,
    REPORTING_READ_MODEL_PG_URL: reportingRead.url,
    REPORTING_READ_MODEL_PG_SCHEMA: reportingRead.schema,
    SHRED_JOURNAL_PATH: journalPath,
  };

  ({ leadId: leadA } = await submitAgencyLead(intake, 'lc-market', ['unit_officer'], { title: '备份演练线索甲', informant: IDENTITY_A }));
  ({ leadId: leadB } = await submitAgencyLead(intake, 'lc-market', ['unit_officer'], { informant: IDENTITY_B }));
  await submitAgencyLead(intake, 'lc-market', ['unit_officer']);
  await takeAnchor(intake.store, { at: new Date(), actor: { agency: SYSTEM_AGENCY, user: 'backup-spec' }, trigger: 'cli' });
  await settled();
});

/** Whether the service's consumer has handled every event of the streams it reads (none left after its checkpoint). */
async function caughtUp(service: ServiceName, db: DataSource): Promise<boolean> {
  const row = await db.getRepository(ConsumerCheckpointEntity).findOne({ where: { group: service, source: 'embedded' } });
  const from = Number(row?.position ?? 0);
  return (await intake.store.readAll({ from, limit: 1, streamPrefixes: consumedStreamPrefixes(service) })).length === 0;
}

/**
 * Until the log stopped growing (the services' reactions to the scenario are appended) for eight polls (2 s) in a row
 * and every service's consumer has handled all of it that it reads.
 */
async function settled(): Promise<void> {
  let last = -1;
  let stable = 0;
  const consumers: Array<[ServiceName, DataSource]> = [
    ['intake', intake.db],
    ['reporting', reporting.dataSource],
    ...others.map(({ service, app }): [ServiceName, DataSource] => [service, app.get<DataSource>(READ_MODEL_TOKEN)]),
  ];
  await pollUntil(
    async () => {
      const head = await intake.store.headPosition();
      stable = head === last ? stable + 1 : 0;
      last = head;
      if (stable < 8) return undefined;
      for (const [service, db] of consumers) if (!(await caughtUp(service, db))) return undefined;
      return true;
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'the log to stop growing and every consumer to handle all of it' },
  );
}

afterAll(async () => {
  for (const { app } of others.reverse()) await app.close();
  await reporting?.close();
  await intake?.close();
  for (const url of databases) await dropDatabase(url).catch(() => undefined);
  for (const schema of schemas) await schema.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore drill on PostgreSQL', () => {
  const backup = join(dir, 'b1');
  let manifest: Manifest;

  it('npm run backup writes the dump, each vault apart and a manifest with the head, the anchor and checksums', async () => {
    // The backup needs no reporting settings (only the drill reads reporting's database).
    const { REPORTING_READ_MODEL_PG_URL: _unused, ...backupEnv } = env;
    const result = await runNpmScript('backup', ['--to', backup, '--compress', '0'], backupEnv);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/backup complete/);
    manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as Manifest;
    const all = await intake.store.readAll({ limit: 1_000_000 });
    expect(manifest.store).toMatchObject({
      kind: 'postgres',
      file: 'events.dump',
      schema: schemas[0].schema,
      events: all.length,
      headPosition: all.at(-1)!.position,
    });
    expect(manifest.anchor).toMatchObject({ streams: expect.any(Number), digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(manifest.vaults).toEqual([
      { service: 'intake', file: 'vault-intake.json', keys: 2, shredded: 0 },
      { service: 'cases', file: 'vault-cases.json', keys: 0, shredded: 0 },
    ]);
    // The services' own databases too (test/ops/backup-services.spec.ts restores them): those of the services running here; reporting's is not configured.
    expect(manifest.files.map((f) => f.name)).toEqual([
      'events.dump',
      'vault-intake.json',
      'vault-cases.json',
      'intake-read.dump',
      'cases-read.dump',
      'notifications-read.dump',
    ]);
    // The wrapped keys are in the vault file only, never in the event store's dump.
    const wrapped = (JSON.parse(readFileSync(join(backup, 'vault-intake.json'), 'utf8')) as { keys: Array<{ wrapped_key: string }> }).keys[0]
      .wrapped_key;
    expect(readFileSync(join(backup, 'events.dump')).includes(wrapped)).toBe(false);
  });

  it('a key shredded after the backup stays shredded in the restore, and the drill passes', async () => {
    const shred = await request(intake.http)
      .post(`/leads/${leadA}/informant/shred`)
      .set(bearer('lc-office', ['office_officer']))
      .send({ reason: '举报人申请删除身份信息' });
    expect(shred.status).toBe(200);
    expect(new ShredJournal(journalPath).read()).toEqual([{ keyId: `informant-${leadA}`, shreddedAt: expect.any(String) }]);
    await settled();

    const target = targetUrl();
    const result = await runNpmScript('restore:drill', ['--from', backup, '--target', target, '--keep', '--json'], env);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as DrillReport;
    expect(report).toMatchObject({ ok: true, differences: [], comparedWith: 'source-at-head', events: manifest.store.events });
    expect(result.code).toBe(EXIT.ok);
    expect(report.vaults).toEqual([
      { service: 'intake', keys: 2, shredded: 1, shreddedByJournal: 1 },
      { service: 'cases', keys: 0, shredded: 0, shreddedByJournal: 0 },
    ]);
    expect(report.tables.lead_ledger).toEqual({ service: 'reporting', source: 63, restored: 63, differences: 0 });
    expect(report.tables.risk_ledger.restored).toBeGreaterThan(5);
    expect(report.tables.report_fact.restored).toBeGreaterThan(50);
    // Every service's read models rebuilt from the restored log, each table compared.
    expect(report.tables.lead_summary).toEqual({ service: 'intake', source: 63, restored: 63, differences: 0 });
    expect(report.tables.match_index.restored).toBeGreaterThan(0);
    expect(report.tables.case_summary).toMatchObject({ service: 'cases', differences: 0 });
    expect(report.tables.case_summary.restored).toBeGreaterThan(5);
    expect(report.tables.lead_triage.restored).toBeGreaterThan(50);
    expect(report.tables.deadline_clock).toMatchObject({ service: 'notifications', differences: 0 });
    expect(report.tables.worklist_item).toMatchObject({ service: 'notifications', differences: 0 });
    const notCompared = ['crypto_keys', 'notification_outbox', 'notification_inbox', 'bus_checkpoints', 'bus_processed_events', 'bus_parked_events'];
    for (const table of notCompared) expect(report.tables[table]).toBeUndefined();
    expect(report.services.notifications.excluded).toMatchObject({
      notification_outbox: expect.stringMatching(/delivery state/),
      notification_inbox: expect.any(String),
      bus_checkpoints: expect.stringMatching(/consumer's own state/),
    });

    // The restored log predates the shred, yet its vault cannot open that identity; the other one still opens.
    const restoredStore = await PostgresEventStore.connect({ url: target, schema: schemas[0].schema });
    const vaultDb = await new DataSource({ type: 'postgres', url: target, schema: 'intake_read', entities: KEY_VAULT_SCHEMA.entities }).initialize();
    try {
      expect((await restoredStore.readStream(toLeadStreamId(leadA))).map((e) => e.type)).not.toContain('InformantIdentityShredded');
      const vault = new KeyVault(vaultDb, KEK);
      await expect(vault.open(await sealedOf(restoredStore, leadA))).rejects.toBeInstanceOf(KeyShreddedError);
      await expect(vault.open(await sealedOf(restoredStore, leadB))).resolves.toEqual(IDENTITY_B);
    } finally {
      await vaultDb.destroy();
      await restoredStore.close();
    }
  });

  it('a quiet source: the drill takes a fresh backup and compares with the live tables', async () => {
    const out: string[] = [];
    const code = await runOpsCli('drill', ['--target', targetUrl()], { env, out: (t) => out.push(t), err: (t) => out.push(t) });
    const text = out.join('');
    expect(text).toMatch(/compared with the source, which is at the backup head: its live tables/);
    expect(text).toMatch(/reporting lead_ledger: source 63 rows, restored 63 rows, 0 differences/);
    expect(text).toMatch(/intake lead_summary: source 63 rows, restored 63 rows, 0 differences/);
    // The scenario appended what cases' process managers would have done (the cases, meeting decisions) under other
    // command ids: their commands fail there, so those events are parked and the live tables lack their writes.
    expect(text).toMatch(/cases: \d+ events parked in the source .*: compared with the source log rebuilt up to the backup head/);
    expect(text).toMatch(/cases case_summary: source (\d+) rows, restored \1 rows, 0 differences/);
    expect(text).toMatch(/notifications worklist_item: source (\d+) rows, restored \1 rows, 0 differences/);
    expect(text).toMatch(
      /notifications: \d+ events replayed, [\d.]+ s; not compared: bus_processed_events, bus_checkpoints, bus_parked_events, notification_outbox, notification_inbox/,
    );
    expect(text).toMatch(/intake: 2 keys, 1 shredded \(0 of them by the journal/);
    expect(text).toMatch(/== PASSED/);
    expect(code).toBe(EXIT.ok);
  });

  it("one row of intake's read model changed in a quiet source fails the drill, naming the service, table and row", async () => {
    const table = `"${schemas[1].schema}".lead_summary`;
    const [{ lead_id: leadId, title }] = (await intake.db.query(`SELECT lead_id, title FROM ${table} WHERE lead_id = $1`, [leadB])) as Array<{
      lead_id: string;
      title: string;
    }>;
    await intake.db.query(`UPDATE ${table} SET title = $1 WHERE lead_id = $2`, ['被改动的标题', leadId]);
    try {
      const out: string[] = [];
      const code = await runOpsCli('drill', ['--target', targetUrl(), '--json'], { env, out: (t) => out.push(t), err: (t) => out.push(t) });
      const report = JSON.parse(out.join('')) as DrillReport;
      expect(report).toMatchObject({ ok: false, comparedWith: 'live' });
      expect(report.services.intake).toMatchObject({ comparedWith: 'live', parked: 0 });
      expect(report.differences).toEqual([`intake lead_summary ${leadId}: title source "被改动的标题" restored ${JSON.stringify(title)}`]);
      expect(report.tables.lead_summary).toEqual({ service: 'intake', source: 63, restored: 63, differences: 1 });
      expect(code).toBe(EXIT.differences);
    } finally {
      await intake.db.query(`UPDATE ${table} SET title = $1 WHERE lead_id = $2`, [title, leadId]);
    }
  });

  it('one byte of an event changed in the backup fails the drill, naming the chain break', async () => {
    const tampered = join(dir, 'tampered');
    cpSync(backup, tampered, { recursive: true });
    const dump = readFileSync(join(tampered, 'events.dump'));
    const at = dump.indexOf(Buffer.from('线索甲'));
    expect(at).toBeGreaterThan(0);
    Buffer.from('线索乙').copy(dump, at); // 甲 → 乙: the last UTF-8 byte of one character
    writeFileSync(join(tampered, 'events.dump'), dump);

    const out: string[] = [];
    const code = await runOpsCli('drill', ['--from', tampered, '--target', targetUrl(), '--json'], {
      env,
      out: (t) => out.push(t),
      err: (t) => out.push(t),
    });
    const report = JSON.parse(out.join('')) as DrillReport;
    expect(code).toBe(EXIT.differences);
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^checksum: events\.dump: SHA-256 differs/),
        expect.stringMatching(new RegExp(`^chain: lead-${leadA} revision 0 position \\d+: altered`)),
      ]),
    );
  });

  it("npm run restore puts a vault in the service's own database when told (--vault-target), with the shred applied", async () => {
    const own = await createTestSchema('bk_own');
    schemas.push(own);
    const out: string[] = [];
    const target = targetUrl();
    const code = await runOpsCli('restore', ['--from', backup, '--target', target, '--vault-target', `intake=${own.url}#${own.schema}`], {
      env,
      out: (t) => out.push(t),
      err: (t) => out.push(t),
    });
    expect(out.join('')).toMatch(
      new RegExp(`key vault of intake: 2 keys restored, 1 shredded since the backup \\(journal\\) stay shredded: informant-${leadA}`),
    );
    expect(out.join('')).toMatch(new RegExp(`intake: READ_MODEL_PG_URL=<target> READ_MODEL_PG_SCHEMA=${own.schema}`));
    expect(code).toBe(EXIT.ok);
    const db = await new DataSource({ type: 'postgres', url: own.url, schema: own.schema, entities: KEY_VAULT_SCHEMA.entities }).initialize();
    try {
      const vault = new KeyVault(db, KEK);
      expect([await vault.status(`informant-${leadA}`), await vault.status(`informant-${leadB}`)]).toEqual(['shredded', 'active']);
    } finally {
      await db.destroy();
    }
  });

  it('clear errors and a non-zero exit: a target that exists, an unreachable store, no shred journal', async () => {
    const err: string[] = [];
    const io = (e: Record<string, string>) => ({ env: e, out: () => undefined, err: (t: string) => err.push(t) });
    expect(await runOpsCli('backup', ['--to', backup], io(env))).toBe(EXIT.failed);
    expect(err.pop()).toMatch(/the target .*b1 exists already/);
    expect(await runOpsCli('backup', ['--to', join(dir, 'b2')], io({ ...env, PG_URL: 'postgres://jm:secret@127.0.0.1:1/jm' }))).toBe(EXIT.failed);
    const unreachable = err.pop();
    expect(unreachable).toMatch(/cannot reach the event store \(postgres postgres:\/\/jm:\*\*\*@127\.0\.0\.1:1\/jm\)/);
    expect(unreachable).not.toMatch(/secret/);
    expect(
      await runOpsCli('restore', ['--from', backup, '--target', targetUrl()], io({ ...env, SHRED_JOURNAL_PATH: join(dir, 'nowhere.jsonl') })),
    ).toBe(EXIT.failed);
    expect(err.pop()).toMatch(/no shred journal at .*nowhere\.jsonl/);
    expect(await runOpsCli('restore', ['--from', backup], io(env))).toBe(EXIT.usage);
    expect(err.pop()).toMatch(/--from and --target are required/);
  });
});
