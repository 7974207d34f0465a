/** Raw SQL for the tables: schema-qualified names, need-to-know over facts, one parameter style for both dialects. */
import type { DataSource } from 'typeorm';
import { schemaOf } from '@jm/read-model';
import { LEAD_LEDGER, REPORT_FACT, RISK_LEDGER } from '../../read-model/read-model.tables';
import { leadScopeSql, regionCondition, ReportScope, riskScopeSql, SqlCondition } from '../access/report-scope';

/** Table names qualified by the read model's PostgreSQL schema (raw SQL gets no search_path from TypeORM). */
export function tablesOf(db: DataSource): { FACT: string; RISK: string; FACT_FROM: string } {
  const schema = schemaOf(db);
  const name = (table: string) => (schema ? `"${schema}"."${table}"` : `"${table}"`);
  const [FACT, LEAD, RISK] = [name(REPORT_FACT.table), name(LEAD_LEDGER.table), name(RISK_LEDGER.table)];
  return {
    FACT,
    RISK,
    FACT_FROM: `${FACT} f LEFT JOIN ${LEAD} l ON f.subject_type = 'lead' AND l.lead_id = f.subject_id LEFT JOIN ${RISK} r ON f.subject_type = 'case' AND r.case_id = f.subject_id`,
  };
}

/** Need-to-know over facts: the lead's or case's region (a meeting's or an obligation's own), street, or the unit acting or involved. */
export function factScopeSql(scope: ReportScope): SqlCondition {
  if (scope.kind === 'region') {
    const lead = leadScopeSql(scope);
    const risk = riskScopeSql(scope);
    const meeting = regionCondition('f.jurisdiction', scope.region, 'scopeMeetingRegion');
    // Meetings and a unit's own obligations carry their region on the fact.
    return {
      sql: `(${lead.sql} OR ${risk.sql} OR (f.subject_type IN ('meeting', 'obligation') AND ${meeting.sql}))`,
      params: { ...lead.params, ...risk.params, ...meeting.params },
    };
  }
  if (scope.kind === 'street') {
    return {
      sql: "(l.street = :scopeStreet OR r.street = :scopeStreet OR (f.subject_type = 'obligation' AND f.unit = :scopeStreet))",
      params: { scopeStreet: scope.street },
    };
  }
  const risk = riskScopeSql(scope);
  return { sql: `(f.unit = :scopeUnit OR l.unit = :scopeUnit OR ${risk.sql})`, params: { ...risk.params, scopeUnit: scope.unit } };
}

/** Named parameters (:name) to the driver's positional form, so one SQL text serves both dialects. */
export function positional(db: DataSource, sql: string, params: Record<string, unknown>): [string, unknown[]] {
  const values: unknown[] = [];
  const postgres = db.options.type === 'postgres';
  const text = sql.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`missing SQL parameter ${name}`);
    const value = params[name];
    if (Array.isArray(value)) {
      return value.map((v) => (values.push(v), postgres ? `$${values.length}` : '?')).join(', ');
    }
    values.push(value);
    return postgres ? `$${values.length}` : '?';
  });
  return [text, values];
}

export async function run<T>(db: DataSource, sql: string, params: Record<string, unknown>): Promise<T[]> {
  const [text, values] = positional(db, sql, params);
  return (await db.query(text, values)) as T[];
}
