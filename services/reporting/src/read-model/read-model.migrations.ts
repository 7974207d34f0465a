/** Schema of the reporting read models, from their declarations in read-model.tables.ts (one source for the entity, the migration and the rebuild). */
import { MigrationInterface, QueryRunner } from 'typeorm';
import { createIndexStatement, createTablesMigration, dialectOf, indexesOn, qualifiedTable, schemaOf } from '@jm/read-model';
import { FEDERATION_TABLES } from './federation.tables';
import { FIRST_REPORTING_TABLES, RISK_LEDGER } from './read-model.tables';
import { SAVED_ANALYSIS } from './saved-analysis.table';

export const CreateReportingReadModels1767000000000 = createTablesMigration('CreateReportingReadModels1767000000000', FIRST_REPORTING_TABLES);

/** Analysts' saved analyses (analysis-<id> streams, docs/analysis.md). */
export const CreateSavedAnalyses1767500000000 = createTablesMigration('CreateSavedAnalyses1767500000000', [SAVED_ANALYSIS]);

/** What reporting keeps of the deployments below it (federation.tables.ts); empty without federation. */
export const CreateFederationReadModels1767400000000 = createTablesMigration('CreateFederationReadModels1767400000000', FEDERATION_TABLES);

/**
 * The risk ledger's sort indexes (ledger queries, docs/reporting-statistics.md "Performance notes") on a read
 * model migrated before they were in its spec. An index of the spec is there already when a table was created
 * from the current spec, by the first migration or by a rebuild (whose index names carry a tag: `<name>_<tag>`).
 */
export class AddRiskLedgerSortIndexes1767200000000 implements MigrationInterface {
  name = 'AddRiskLedgerSortIndexes1767200000000';

  private static readonly INDEXES = [
    'ix_risk_ledger_opened',
    'ix_risk_ledger_amount',
    'ix_risk_ledger_recovered',
    'ix_risk_ledger_grade',
    'ix_risk_ledger_last_event',
    'ix_risk_ledger_closed',
    'ix_risk_ledger_closed_span',
  ];

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner.connection);
    const existing = await indexNames(queryRunner, RISK_LEDGER.table);
    const dialect = dialectOf(queryRunner.connection.options.type);
    for (const index of indexesOn(RISK_LEDGER, dialect).filter((i) => AddRiskLedgerSortIndexes1767200000000.INDEXES.includes(i.name))) {
      if (!existing.some((name) => isGenerationOf(name, index.name)))
        await queryRunner.query(createIndexStatement(qualifiedTable(schema, RISK_LEDGER.table), index));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner.connection);
    for (const name of await indexNames(queryRunner, RISK_LEDGER.table)) {
      if (AddRiskLedgerSortIndexes1767200000000.INDEXES.some((stem) => isGenerationOf(name, stem)))
        await queryRunner.query(`DROP INDEX ${schema ? `"${schema}".` : ''}"${name}"`);
    }
  }
}

/** The index `stem` as the migration names it, or as a rebuild does (`<stem>_<tag>`, see createTableStatements). */
const isGenerationOf = (name: string, stem: string): boolean => name === stem || new RegExp(`^${stem}_[0-9a-z]+$`).test(name);

async function indexNames(queryRunner: QueryRunner, table: string): Promise<string[]> {
  const schema = schemaOf(queryRunner.connection);
  const rows = (await (dialectOf(queryRunner.connection.options.type) === 'postgres'
    ? queryRunner.query('SELECT indexname AS name FROM pg_indexes WHERE schemaname = COALESCE($1, current_schema()) AND tablename = $2', [
        schema ?? null,
        table,
      ])
    : queryRunner.query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?`, [table]))) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

/**
 * The aftermath register's columns of the risk ledger (docs/reporting-ledgers.md) on a read model migrated before
 * they were in its spec; nullable, so rows folded before them read as "no register". Skipped where the table was
 * created from the current spec (the first migration or a rebuild).
 */
export class AddRiskLedgerRegister1767300000000 implements MigrationInterface {
  name = 'AddRiskLedgerRegister1767300000000';

  static readonly COLUMNS = ['register_version', 'register', 'register_persons', 'persons_refunded', 'petitions_open', 'petitions_closed'];

  async up(queryRunner: QueryRunner): Promise<void> {
    const table = qualifiedTable(schemaOf(queryRunner.connection), RISK_LEDGER.table);
    const existing = await columnNames(queryRunner, RISK_LEDGER.table);
    for (const spec of RISK_LEDGER.columns.filter((c) => AddRiskLedgerRegister1767300000000.COLUMNS.includes(c.column))) {
      if (!existing.includes(spec.column)) await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN "${spec.column}" ${spec.kind}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = qualifiedTable(schemaOf(queryRunner.connection), RISK_LEDGER.table);
    for (const column of AddRiskLedgerRegister1767300000000.COLUMNS) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "${column}"`);
  }
}

async function columnNames(queryRunner: QueryRunner, table: string): Promise<string[]> {
  const schema = schemaOf(queryRunner.connection);
  const rows = (await (dialectOf(queryRunner.connection.options.type) === 'postgres'
    ? queryRunner.query(
        'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = COALESCE($1, current_schema()) AND table_name = $2',
        [schema ?? null, table],
      )
    : queryRunner.query(`SELECT name FROM pragma_table_info(?)`, [table]))) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}
