/**
 * The projection-only replay (libs/platform projection-replay.ts) on the embedded mode's SQLite files: given the
 * reporting scenario's log (leads, triage, cases, meetings, reads), when intake's, cases' and notifications'
 * projections are replayed into fresh databases, then their read models are filled and the store is untouched: no
 * event appended (the process managers' commands, the channels' messages), no outbox or inbox row (nothing to
 * send), no consumer checkpoint or dedup row. A second replay changes no row, and a replay up to a position stops there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { BUS_CONSUMER_TABLES } from '@jm/bus';
import { SqliteEventStore } from '@jm/event-sourcing';
import { HolidayCalendar, replayProjections, ServiceProjections, WorkingCalendar } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import { casesProjections } from '../../services/cases/src/cases.projections';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { intakeProjections } from '../../services/intake/src/intake.projections';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { DeadlinePolicies } from '../../services/notifications/src/deadlines/policy/deadline-policies';
import { notificationsProjections } from '../../services/notifications/src/notifications.projections';
import { NOTIFICATIONS_READ_MODEL } from '../../services/notifications/src/notifications.read-model';
import { openServiceDatabase } from '../../scripts/ops-backup/vault';
import { appendScenario, generateScenario } from '../reporting/support/reporting-scenario';

jest.setTimeout(120_000);

const dir = mkdtempSync(join(tmpdir(), 'jm-replay-'));
let store: SqliteEventStore;
const dbs: DataSource[] = [];

const services: Array<{ projections: ServiceProjections; schema: Parameters<typeof openServiceDatabase>[0] }> = [
  { projections: intakeProjections, schema: INTAKE_READ_MODEL },
  { projections: casesProjections, schema: CASES_READ_MODEL },
  {
    projections: notificationsProjections({
      policies: DeadlinePolicies.fromFile('config/deadline-policies.json'),
      calendar: new WorkingCalendar(HolidayCalendar.fromDir('config/holidays')),
      registry: AgencyRegistry.fromFile('config/agencies.json'),
    }),
    schema: NOTIFICATIONS_READ_MODEL,
  },
];

async function count(db: DataSource, table: string): Promise<number> {
  const [{ n }] = (await db.query(`SELECT COUNT(*) AS n FROM ${table}`)) as Array<{ n: number }>;
  return Number(n);
}

async function snapshot(db: DataSource): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const m of db.entityMetadatas) out[m.tableName] = await db.query(`SELECT * FROM ${m.tableName} ORDER BY 1, 2`);
  return out;
}

beforeAll(async () => {
  store = SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  await appendScenario(store, generateScenario({ seed: 77, leads: 40 }));
});

afterAll(async () => {
  for (const db of dbs) await db.destroy();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('projection-only replay', () => {
  it('given the log, when each service replays its projections, then its read models fill and nothing is appended or queued to send', async () => {
    const before = { head: await store.headPosition(), events: (await store.readAll({ limit: 1_000_000 })).length };
    const results: Record<string, { events: number; applied: number; transactions: number }> = {};
    for (const { projections, schema } of services) {
      const db = await openServiceDatabase(schema, { kind: 'sqlite', path: join(dir, `${projections.service}-read.sqlite`) });
      dbs.push(db);
      results[projections.service] = await replayProjections({ store, dataSource: db, projections, transactionSize: 50 });
    }
    const [intake, cases, notifications] = dbs;

    expect(await store.headPosition()).toBe(before.head);
    expect((await store.readAll({ limit: 1_000_000 })).length).toBe(before.events);
    expect(await count(notifications, 'notification_outbox')).toBe(0);
    expect(await count(notifications, 'notification_inbox')).toBe(0);
    for (const db of dbs) for (const t of BUS_CONSUMER_TABLES) expect(await count(db, t.table)).toBe(0);

    expect(await count(intake, 'lead_summary')).toBe(40);
    expect(await count(intake, 'match_index')).toBeGreaterThan(0);
    expect(await count(cases, 'lead_triage')).toBeGreaterThan(30);
    expect(await count(cases, 'case_summary')).toBeGreaterThan(3);
    // Live, the to-do list's hand-offs become messages (appended, queued in the outbox): here they are only items.
    expect(await count(notifications, 'worklist_item')).toBeGreaterThan(10);
    for (const r of Object.values(results)) expect(r).toMatchObject({ events: before.events, applied: expect.any(Number) });
    expect(results.intake.transactions).toBe(Math.ceil(before.events / 50));
  });

  it('given a replayed database, when the log is replayed again, then no row changes (every projection is idempotent)', async () => {
    for (const [i, { projections }] of services.entries()) {
      const rows = await snapshot(dbs[i]);
      await replayProjections({ store, dataSource: dbs[i], projections });
      expect(await snapshot(dbs[i])).toEqual(rows);
    }
  });

  it('given a position, when replaying up to it, then no later event is applied', async () => {
    const all = await store.readAll({ limit: 1_000_000, streamPrefixes: ['lead-'] });
    const upTo = all[9].position;
    const db = await openServiceDatabase(INTAKE_READ_MODEL, { kind: 'sqlite', path: join(dir, 'intake-up-to.sqlite') });
    dbs.push(db);
    const result = await replayProjections({ store, dataSource: db, projections: intakeProjections, upTo, pageSize: 7 });
    expect(result.position).toBeLessThanOrEqual(upTo);
    expect(await count(db, 'lead_summary')).toBe(all.slice(0, 10).filter((e) => e.type === 'LeadReceived').length);
  });
});
