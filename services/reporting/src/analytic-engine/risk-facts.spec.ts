/**
 * A list member's test over risk_facts (slottedMember, riskFactsScopeSql) against the lists themselves, with more
 * agencies than the masks have bits and lists longer than the slots: each agency matches exactly its rows.
 */
import type { AnalyticParam } from './engine/analytic-engine.port';
import { DuckDbEngine } from './engine/duckdb-engine';
import { KEY_CASE_FLAG_CODES } from '@jm/reference';
import {
  carryIdParts,
  caseIdOf,
  ID_PARTS,
  keyFlagSql,
  projectionCovers,
  RISK_FACTS,
  RISK_FACTS_PROJECTIONS,
  riskFactOf,
  riskFactsScopeSql,
  slottedMember,
} from './risk-facts';

/** 80 agencies: the first 62 seen get a bit, the others go by slots and text. */
const AGENCIES = Array.from({ length: 80 }, (_, i) => `unit-${String(i).padStart(2, '0')}`);

describe('risk facts: a list member', () => {
  let engine: DuckDbEngine;
  const lists: string[][] = [];
  /** Each case's key flags: the vocabulary's and one outside it. */
  const FLAGS = [...KEY_CASE_FLAG_CODES, 'not_in_vocabulary'];
  const flags: string[][] = [];
  beforeAll(async () => {
    engine = await DuckDbEngine.open({ threads: 1 });
    await engine.define(RISK_FACTS);
    const rows = Array.from({ length: 400 }, (_, i) => {
      // Lists of 1–9 members (past the six slots on some), the later agencies mostly in the later rows.
      const window = Math.min(80, 8 + Math.floor(i / 4));
      const members = [...new Set(Array.from({ length: 1 + (i % 9) }, (_, k) => AGENCIES[(i * 7 + k * 13) % window]))];
      lists.push(members);
      flags.push(FLAGS.filter((_, j) => ((i >> j) & 1) === 1));
      return riskFactOf({
        case_id: `case-${i}`,
        jurisdiction: '350502',
        lead_unit: members[0],
        cooperating_units: members.slice(1).join(','),
        units: `,${members.join(',')},`,
        key_flags: flags[i].join(','),
        opened_at: '2026-03-01T02:00:00.000Z',
      });
    });
    await engine.upsert(RISK_FACTS, rows);
  });
  afterAll(async () => engine.close());

  async function matching(condition: (bind: (value: AnalyticParam) => string) => string): Promise<string[]> {
    const params: AnalyticParam[] = [];
    const sql = condition((value) => `$${params.push(value)}`);
    const rows = await engine.query<{ case_id: string }>(`SELECT case_id FROM risk_facts WHERE ${sql} ORDER BY case_id`, params);
    return rows.map((row) => row.case_id);
  }

  const having = (code: string, of = lists): string[] => of.flatMap((members, i) => (members.includes(code) ? [`case-${i}`] : [])).sort();

  it('given more agencies than bits and lists past the slots, then each agency (a unit filter, a unit scope) matches exactly its rows', async () => {
    let past = 0;
    for (const agency of AGENCIES) {
      const expected = having(agency);
      if (expected.length === 0) continue;
      if (slottedMember('units', agency, () => '$1').includes(' IN (')) past++;
      expect({ agency, rows: await matching((bind) => slottedMember('unit_list', agency, bind)) }).toEqual({ agency, rows: expected });
      expect({ agency, rows: await matching((bind) => riskFactsScopeSql({ kind: 'unit', unit: agency }, bind)) }).toEqual({ agency, rows: expected });
    }
    // The agencies without a bit (compared on the slots and text) are covered.
    expect(past).toBeGreaterThan(5);
    expect(await matching((bind) => slottedMember('units', 'unit-unknown', bind))).toEqual([]);
  });

  it('given a member test that needs the slots or the text, then no projection covers it; one that does not reads the same rows there', async () => {
    const byGrade = RISK_FACTS_PROJECTIONS.riskGrade.name;
    let covered = 0;
    let uncovered = 0;
    for (const agency of AGENCIES) {
      for (const condition of [
        (bind: (value: AnalyticParam) => string) => slottedMember('unit_list', agency, bind),
        (bind: (value: AnalyticParam) => string) => riskFactsScopeSql({ kind: 'unit', unit: agency }, bind),
      ]) {
        const sql = condition(() => '$1');
        const covers = projectionCovers(byGrade, sql);
        // Only a bitwise test on a mask names no column the projection lacks.
        expect({ agency, sql, covers }).toEqual({ agency, sql, covers: !/unit_list_key|unit_key|overflow|contains/.test(sql) });
        if (!covers) {
          uncovered++;
          continue;
        }
        covered++;
        const params: AnalyticParam[] = [];
        const where = condition((value) => `$${params.push(value)}`);
        const there = await engine.query<{ case_id: string }>(`SELECT case_id FROM ${byGrade} WHERE ${where} ORDER BY case_id`, params);
        expect({ agency, rows: there.map((row) => row.case_id) }).toEqual({ agency, rows: await matching(condition) });
      }
    }
    expect(covered).toBeGreaterThan(50);
    expect(uncovered).toBeGreaterThan(10);
    expect(projectionCovers(byGrade, 'region = $1 AND status_id = $2 AND closed_at IS NULL')).toBe(true);
    expect(projectionCovers(byGrade, 'starts_with(jurisdiction, $1)')).toBe(false);
    expect(projectionCovers('no_such_projection', 'region = $1')).toBe(false);
  });

  it('given key flags of the vocabulary and one outside it, then each flag matches exactly its rows', async () => {
    for (const flag of FLAGS) {
      const expected = having(flag, flags);
      expect(expected.length).toBeGreaterThan(0);
      expect({ flag, rows: await matching((bind) => keyFlagSql(flag, bind)) }).toEqual({ flag, rows: expected });
    }
    expect(await matching((bind) => keyFlagSql('unheard_of', bind))).toEqual([]);
  });
});

describe('risk facts: a case id carried as integer parts', () => {
  it('given UUIDs in canonical text, then their parts give them back exactly; any other id has no parts', () => {
    const uuids = [
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      '0c3cde81-68c1-7e53-aef5-37c67608c1fc',
      '9c5a8c60-d894-d516-08f9-0c5c876e0727',
    ];
    for (const id of uuids) {
      const fact = riskFactOf({ case_id: id, jurisdiction: '350502', opened_at: '2026-03-01T02:00:00.000Z' });
      for (const part of ID_PARTS) expect(Number.isSafeInteger(fact[part])).toBe(true);
      expect(caseIdOf(ID_PARTS.map((part) => fact[part] as number))).toBe(id);
    }
    // Upper case, braces, another length: text, not parts (and this process's pages then carry every id as text).
    for (const id of [
      '0C3CDE81-68C1-7E53-AEF5-37C67608C1FC',
      '{0c3cde81-68c1-7e53-aef5-37c67608c1fc}',
      'case-1',
      '0c3cde8168c17e53aef537c67608c1fc',
    ]) {
      const fact = riskFactOf({ case_id: id, jurisdiction: '350502', opened_at: '2026-03-01T02:00:00.000Z' });
      expect({ id, parts: ID_PARTS.map((part) => fact[part]) }).toEqual({ id, parts: [null, null, null] });
    }
    expect(carryIdParts()).toBe(false);
  });
});
