/**
 * The drill's row-for-row comparison names every row missing after the restore, every row only the restore has,
 * and each column that differs, with both values.
 */
import { applyTombstones } from '../../scripts/ops-backup/vault';
import { compareRows } from '../../scripts/ops-backup/drill';

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
});
