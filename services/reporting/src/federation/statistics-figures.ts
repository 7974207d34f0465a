/**
 * A month's statistics figures as they go up to the parent deployment: this deployment's report facts summed
 * per unit, street, field, category and kind (the dimensions the tables group by), the period-end snapshots,
 * plus the latest figures its own children reported up (so a city's submission carries its districts'). Only
 * sums leave: no lead or case id, no company, no person.
 */
import { createHash } from 'node:crypto';
import type { StatisticsFactFigure, StatisticsMonthFigures, StatisticsSnapshotFigure, StatisticsSource } from '@jm/contracts';
import { qualifiedTable, schemaOf } from '@jm/read-model';
import type { DataSource } from 'typeorm';
import { FEDERATED_STATISTICS } from '../read-model/federation.tables';
import { CASE_DIMENSION, FACT_DIMENSION } from '../statistics/statistics-tables/dimensions';
import { run, tablesOf } from '../statistics/statistics-tables/statistics-sql';
import { monthEnd } from '../statistics/vocabulary/period';

type Dims = Pick<StatisticsFactFigure, 'unit' | 'street' | 'field' | 'category'>;
const dimsKey = (d: Dims): string => JSON.stringify([d.unit, d.street, d.field, d.category]);
const factKey = (f: StatisticsFactFigure): string => JSON.stringify([f.unit, f.street, f.field, f.category, f.kind, f.detail]);
const nullable = (v: string | null | undefined): string | null => (v === undefined || v === '' ? null : v);

/** This deployment's own figures of a month, from its read model. */
export async function ownMonthFigures(db: DataSource, month: string): Promise<StatisticsMonthFigures> {
  const { FACT, RISK, FACT_FROM } = tablesOf(db);
  const factDims = [FACT_DIMENSION.unit, FACT_DIMENSION.street, FACT_DIMENSION.field, FACT_DIMENSION.category];
  const caseDims = [CASE_DIMENSION.unit, CASE_DIMENSION.street, CASE_DIMENSION.field, CASE_DIMENSION.category];
  const select = (dims: string[]) => `${dims[0]} AS unit, ${dims[1]} AS street, ${dims[2]} AS field, ${dims[3]} AS category`;
  const subjects = `COUNT(DISTINCT f.subject_type || ':' || f.subject_id)`;
  type Row = Dims & {
    kind: string;
    detail: string | null;
    n: number | string;
    fen: number | string | null;
    qty: number | string | null;
    s: number | string;
  };
  const facts = await run<Row>(
    db,
    `SELECT ${select(factDims)}, f.kind AS kind, f.detail AS detail, COUNT(*) AS n, SUM(f.amount_fen) AS fen, SUM(f.quantity) AS qty, ${subjects} AS s
       FROM ${FACT_FROM} WHERE f.month = :month GROUP BY ${factDims.join(', ')}, f.kind, f.detail`,
    { month },
  );
  const whole = await run<{ kind: string; n: number | string }>(
    db,
    `SELECT f.kind AS kind, ${subjects} AS n FROM ${FACT} f WHERE f.month = :month GROUP BY f.kind`,
    {
      month,
    },
  );
  const inProgress = await run<Dims & { n: number | string }>(
    db,
    `SELECT ${select(caseDims)}, COUNT(*) AS n FROM ${RISK} r WHERE r.opened_at < :end AND (r.closed_at IS NULL OR r.closed_at >= :end) GROUP BY ${caseDims.join(', ')}`,
    { end: monthEnd(month) },
  );
  const pending = await run<Dims & { n: number | string }>(
    db,
    `SELECT ${select(caseDims)}, SUM(CASE WHEN f.kind = 'transferred_to_police' THEN 1 ELSE -1 END) AS n
       FROM ${FACT} f JOIN ${RISK} r ON f.subject_type = 'case' AND r.case_id = f.subject_id
      WHERE f.month <= :month AND f.kind IN ('transferred_to_police', 'police_accepted', 'police_declined') GROUP BY ${caseDims.join(', ')}`,
    { month },
  );
  const dims = (r: Dims): Dims => ({ unit: nullable(r.unit), street: nullable(r.street), field: nullable(r.field), category: nullable(r.category) });
  return combine([
    {
      facts: facts.map((r) => ({
        ...dims(r),
        kind: r.kind,
        detail: nullable(r.detail),
        n: Number(r.n),
        fen: BigInt(r.fen ?? 0).toString(),
        qty: Number(r.qty ?? 0),
        subjects: Number(r.s),
      })),
      snapshots: [
        ...inProgress.map((r) => ({ ...dims(r), inProgress: Number(r.n), policePending: 0 })),
        ...pending.map((r) => ({ ...dims(r), inProgress: 0, policePending: Number(r.n) })),
      ],
      subjects: Object.fromEntries(whole.map((r) => [r.kind, Number(r.n)])),
    },
  ]);
}

/** Several deployments' figures of one month as one: sums per key, in a stable order (so equal figures have one digest). */
export function combine(parts: readonly StatisticsMonthFigures[]): StatisticsMonthFigures {
  const facts = new Map<string, StatisticsFactFigure>();
  const snapshots = new Map<string, StatisticsSnapshotFigure>();
  const subjects: Record<string, number> = {};
  for (const part of parts) {
    for (const f of part.facts) {
      const known = facts.get(factKey(f));
      facts.set(
        factKey(f),
        known
          ? {
              ...known,
              n: known.n + f.n,
              fen: (BigInt(known.fen) + BigInt(f.fen)).toString(),
              qty: known.qty + f.qty,
              subjects: known.subjects + f.subjects,
            }
          : { ...f },
      );
    }
    for (const s of part.snapshots) {
      const known = snapshots.get(dimsKey(s));
      snapshots.set(
        dimsKey(s),
        known ? { ...known, inProgress: known.inProgress + s.inProgress, policePending: known.policePending + s.policePending } : { ...s },
      );
    }
    for (const [kind, n] of Object.entries(part.subjects)) subjects[kind] = (subjects[kind] ?? 0) + n;
  }
  const sorted = <T>(map: Map<string, T>): T[] => [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return {
    facts: sorted(facts),
    snapshots: sorted(snapshots).filter((s) => s.inProgress !== 0 || s.policePending !== 0),
    subjects: Object.fromEntries(Object.entries(subjects).sort(([a], [b]) => (a < b ? -1 : 1))),
  };
}

/** The latest figures each child reported up for a month, with what they were. */
export async function childFigures(db: DataSource, month: string): Promise<{ figures: StatisticsMonthFigures[]; sources: StatisticsSource[] }> {
  const table = qualifiedTable(schemaOf(db), FEDERATED_STATISTICS.table);
  const rows = await run<{ deployment: string; revision: number | string; as_of: string; figures: string; includes: string }>(
    db,
    `SELECT deployment, revision, as_of, figures, includes FROM ${table} WHERE month = :month ORDER BY deployment`,
    { month },
  );
  return {
    figures: rows.map((r) => JSON.parse(r.figures) as StatisticsMonthFigures),
    sources: rows.map((r) => ({
      deployment: r.deployment,
      month,
      revision: Number(r.revision),
      asOf: r.as_of,
      includes: JSON.parse(r.includes) as StatisticsSource[],
    })),
  };
}

/** The months to submit: from the first month anything was counted (here or below) to the current one. */
export async function monthsToSubmit(db: DataSource, current: string): Promise<string[]> {
  const { FACT } = tablesOf(db);
  const received = qualifiedTable(schemaOf(db), FEDERATED_STATISTICS.table);
  const [row] = await run<{ first: string | null }>(
    db,
    `SELECT MIN(m) AS first FROM (SELECT MIN(month) AS m FROM ${FACT} UNION ALL SELECT MIN(month) AS m FROM ${received}) firsts`,
    {},
  );
  const months: string[] = [];
  if (!row?.first || row.first > current) return months;
  let [y, m] = row.first.split('-').map(Number);
  for (;;) {
    const month = `${y}-${String(m).padStart(2, '0')}`;
    months.push(month);
    if (month >= current) return months;
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
}

/** SHA-256 over the figures and includes: a month is submitted again only when this changes. */
export function figuresDigest(figures: StatisticsMonthFigures, includes: readonly StatisticsSource[]): string {
  const strip = (s: StatisticsSource): unknown => ({ deployment: s.deployment, revision: s.revision, includes: s.includes.map(strip) });
  return createHash('sha256')
    .update(JSON.stringify({ figures, includes: includes.map(strip) }))
    .digest('hex');
}
