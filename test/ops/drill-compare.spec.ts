/**
 * The drill's row-for-row comparison names every row missing after the restore, every row only the restore has,
 * and each column that differs, with both values; a row is named by its whole primary key, read from a service's
 * own database through its entities; the tables it leaves out are exactly those the docs list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyTombstones, openServiceDatabase } from '../../scripts/ops-backup/vault';
import { compareRows, tableRows } from '../../scripts/ops-backup/drill';
import { comparedTables } from '../../scripts/ops-backup/read-model-replay';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { NOTIFICATIONS_READ_MODEL } from '../../services/notifications/src/notifications.read-model';

const rows = (...entries: Array<[string, Record<string, unknown>]>) => new Map(entries);

describe('restore drill: comparison and tombstones', () => {
  it('given equal tables, then there is no difference', () => {
    const table = rows(['c1', { caseId: 'c1', petitioners: 2, flags: ['a'] }]);
    expect(compareRows('risk_ledger', table, rows(['c1', { caseId: 'c1', petitioners: 2, flags: ['a'] }]))).toEqual([]);
  });

  it('given a missing row, an extra row and a changed column, then each is named', () => {
    const source = rows(['c1', { caseId: 'c1', petitioners: 2 }], ['c2', { caseId: 'c2', petitioners: 0 }]);
    const restored = rows(['c1', { caseId: 'c1', petitioners: 3 }], ['c3', { caseId: 'c3', petitioners: 0 }]);
    expect(compareRows('risk_ledger', source, restored)).toEqual([
      'risk_ledger c1: petitioners source 2 restored 3',
      'risk_ledger c2: in the source, missing after the restore',
      'risk_ledger c3: not in the source, present after the restore',
    ]);
  });

  it('given tombstones, then only active keys they name lose their wrapped key, keeping an earlier shred time', () => {
    const keys = [
      { key_id: 'k1', wrapped_key: 'w1', created_at: 't0', shredded_at: null },
      { key_id: 'k2', wrapped_key: 'w2', created_at: 't0', shredded_at: null },
      { key_id: 'k3', wrapped_key: null, created_at: 't0', shredded_at: 't1' },
    ];
    const { rows: out, applied } = applyTombstones(keys, [
      { keyId: 'k1', shreddedAt: 't2' },
      { keyId: 'k3', shreddedAt: 't3' },
      { keyId: 'k9', shreddedAt: 't4' },
    ]);
    expect(applied).toEqual(['k1']);
    expect(out).toEqual([
      { key_id: 'k1', wrapped_key: null, created_at: 't0', shredded_at: 't2' },
      { key_id: 'k2', wrapped_key: 'w2', created_at: 't0', shredded_at: null },
      { key_id: 'k3', wrapped_key: null, created_at: 't0', shredded_at: 't1' },
    ]);
  });

  it("given a service's own databases, then every table but the excluded ones is compared, each row named by its whole key", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jm-drill-compare-'));
    const [source, restored] = [
      await openServiceDatabase(INTAKE_READ_MODEL, { kind: 'sqlite', path: join(dir, 'source.sqlite') }),
      await openServiceDatabase(INTAKE_READ_MODEL, { kind: 'sqlite', path: join(dir, 'restored.sqlite') }),
    ];
    const notifications = await openServiceDatabase(NOTIFICATIONS_READ_MODEL, { kind: 'sqlite', path: join(dir, 'notifications.sqlite') });
    try {
      expect(comparedTables(source, 'intake').map((t) => t.tableName)).toEqual([
        'lead_summary',
        'lead_status',
        'lead_visibility',
        'case_lead',
        'case_unit',
        'match_index',
      ]);
      expect(comparedTables(notifications, 'notifications').map((t) => t.tableName)).toEqual([
        'deadline_clock',
        'deadline_obligation',
        'notification_inbox_read',
        'worklist_item',
        'worklist_fact',
      ]);
      const insert = 'INSERT INTO lead_visibility (lead_id, agency, reason, since) VALUES (?, ?, ?, ?)';
      await source.query(insert, ['l1', 'lc-market', 'routed', 't1']);
      await source.query(insert, ['l1', 'lc-police', 'routed', 't1']);
      await restored.query(insert, ['l1', 'lc-market', 'case_unit', 't1']);
      const table = comparedTables(source, 'intake').find((t) => t.tableName === 'lead_visibility')!;
      expect(compareRows('intake lead_visibility', await tableRows(source, table), await tableRows(restored, table))).toEqual([
        'intake lead_visibility l1 lc-market: reason source "routed" restored "case_unit"',
        'intake lead_visibility l1 lc-police: in the source, missing after the restore',
      ]);
    } finally {
      for (const db of [source, restored, notifications]) await db.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
