/**
 * The figures the deployments below reported up (federated_statistics, docs/federation-reporting.md), added
 * into this deployment's tables: an office whose region covers a district's reads its figures beside its own
 * facts. Aggregates only (counts and amounts per unit, street, field, category, kind), so the tables of the
 * deployment above never touch a lead, a case or an informant of the one below. Empty without federation.
 */
import type { StatisticsMonthFigures, StatisticsSource } from '@jm/contracts';
import { qualifiedTable, schemaOf } from '@jm/read-model';
import type { DataSource } from 'typeorm';
import { FEDERATED_STATISTICS } from '../../read-model/federation.tables';
import { regionCondition, ReportScope } from '../access/report-scope';
import type { Period } from '../vocabulary/period';
import { run } from './statistics-sql';

export interface ReceivedFigures {
  /** Per month, the latest figures of each deployment below whose region the reader's scope covers. */
  byMonth: Map<string, StatisticsMonthFigures[]>;
  /** Which deployments' submissions these are, and as of when. */
  sources: StatisticsSource[];
}

/** The received figures of a period within a reader's scope (an office's region; streets and units read their own rows only). */
export async function receivedFigures(db: DataSource, scope: ReportScope, period: Period): Promise<ReceivedFigures> {
  const received: ReceivedFigures = { byMonth: new Map(), sources: [] };
  if (scope.kind !== 'region') return received;
  const table = qualifiedTable(schemaOf(db), FEDERATED_STATISTICS.table);
  const region = regionCondition('jurisdiction', scope.region, 'scopeRegion');
  const rows = await run<{ deployment: string; month: string; revision: number | string; as_of: string; figures: string; includes: string }>(
    db,
    `SELECT deployment, month, revision, as_of, figures, includes FROM ${table} WHERE month IN (:months) AND ${region.sql} ORDER BY deployment, month`,
    { ...region.params, months: period.months },
  );
  for (const row of rows) {
    received.byMonth.set(row.month, [...(received.byMonth.get(row.month) ?? []), JSON.parse(row.figures) as StatisticsMonthFigures]);
    received.sources.push({
      deployment: row.deployment,
      month: row.month,
      revision: Number(row.revision),
      asOf: row.as_of,
      includes: JSON.parse(row.includes) as StatisticsSource[],
    });
  }
  return received;
}
