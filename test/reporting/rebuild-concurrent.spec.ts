/**
 * Rebuilding while new events keep arriving (issue 4, "Rebuild"): a writer
 * appends during the whole rebuild, and again between the last catch-up and
 * the swap, while the bus keeps projecting into the live tables. Afterwards
 * the tables hold every event exactly once: they equal a fresh rebuild, every
 * countable event has its fact, and every lead row has applied its streams'
 * last versions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '@jm/event-sourcing';
import { factsOf } from '../../services/reporting/src/ledgers/report-facts.projection';
import { rebuildProjections } from '../../services/reporting/src/rebuild/projection-rebuild';
import { riskLedgerFeedListener } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import { appendScenario, generateScenario, ScenarioAppend } from './support/reporting-scenario';
import { awaitCaughtUp, ReportingTestApp, snapshotTables, startReportingApp, startReportingOnPostgres } from './support/reporting-app';

jest.setTimeout(180_000);

const dir = mkdtempSync(join(tmpdir(), 'jm-rebuild-concurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readEverything(reporting: ReportingTestApp): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (;;) {
    const page = await reporting.store.readAll({ from: all.at(-1)?.position ?? 0, limit: 5000 });
    if (page.length === 0) return all;
    all.push(...page);
  }
}

async function rebuildWhileWriting(reporting: ReportingTestApp): Promise<void> {
  await appendScenario(reporting.store, generateScenario({ seed: 1, leads: 250 }));
  // The second history starts later, so its leads and cases are new ones next to the first.
  const later = generateScenario({ seed: 2, leads: 200, start: '2026-06-01T01:00:00.000Z' });
  const duringRead = later.slice(0, Math.floor(later.length / 2));
  const beforeSwap = later.slice(duringRead.length);
  let rebuilding = true;
  let written = 0;
  const writer = (async () => {
    for (const append of duringRead) {
      if (!rebuilding) break;
      await reporting.store.append(append.streamId, append.events, append.expectedVersion);
      written++;
    }
  })();
  const remaining = (): ScenarioAppend[] => [...duringRead.slice(written), ...beforeSwap];

  let appendedBeforeSwap = 0;
  let lastAppended: string | undefined;
  await rebuildProjections({
    store: reporting.store,
    dataSource: reporting.dataSource,
    riskLedger: riskLedgerFeedListener,
    gate: reporting.gate,
    pageSize: 200,
    closeEnough: 50,
    beforeSwap: async () => {
      rebuilding = false;
      await writer;
      const last = remaining();
      appendedBeforeSwap = await appendScenario(reporting.store, last);
      // The bus has put these into the live tables only: the swap's last catch-up must bring them into the new ones.
      lastAppended = last.at(-1)!.streamId;
      await awaitCaughtUp(reporting, lastAppended);
    },
  });
  expect(written).toBeGreaterThan(0);
  expect(appendedBeforeSwap).toBeGreaterThan(100);

  await awaitCaughtUp(reporting, lastAppended!);
  const live = await snapshotTables(reporting.dataSource);
  const events = await readEverything(reporting);

  // Nothing missed, nothing twice: one fact per countable event, every stream's last version applied.
  const expectedFacts = events
    .flatMap((e) => factsOf(e))
    .map((f) => f.eventId)
    .sort();
  expect(live.report_fact.map((f) => f.eventId)).toEqual(expectedFacts);
  const lastVersion = new Map<string, number>();
  for (const e of events) lastVersion.set(e.streamId, e.streamVersion);
  expect(live.lead_ledger.length).toBe(450);
  for (const lead of live.lead_ledger) {
    expect([lead.leadId, lead.leadVersion]).toEqual([lead.leadId, lastVersion.get(`lead-${lead.leadId}`) ?? -1]);
    expect([lead.leadId, lead.routingVersion]).toEqual([lead.leadId, lastVersion.get(`routing-${lead.leadId}`) ?? -1]);
  }
  expect(live.access_log.length).toBe(events.filter((e) => e.type === 'RecordAccessed').length);

  await rebuildProjections({ store: reporting.store, dataSource: reporting.dataSource, riskLedger: riskLedgerFeedListener, gate: reporting.gate });
  const fresh = await snapshotTables(reporting.dataSource);
  for (const table of Object.keys(fresh)) expect({ table, rows: live[table] }).toEqual({ table, rows: fresh[table] });
}

describe('a rebuild while events keep arriving', () => {
  it('ends caught up with nothing missed on PostgreSQL (the bus projects into the live tables meanwhile)', async () => {
    const reporting = await startReportingOnPostgres('rb_cc');
    try {
      await rebuildWhileWriting(reporting);
    } finally {
      await reporting.close();
    }
  });

  it('ends caught up with nothing missed on SQLite', async () => {
    const reporting = await startReportingApp({ SQLITE_PATH: join(dir, 'events.sqlite'), READ_MODEL_SQLITE_PATH: join(dir, 'reporting.sqlite') });
    try {
      await rebuildWhileWriting(reporting);
    } finally {
      await reporting.close();
    }
  });
});
