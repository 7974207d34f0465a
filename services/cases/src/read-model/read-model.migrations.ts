/** Schema of the cases read models (read-model.entities.ts), with the Table API so one migration serves SQLite and PostgreSQL. */
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { TABLE_CASE_SUMMARY, TABLE_CASE_VISIBILITY, TABLE_LEAD_TRIAGE } from './read-model.entities';

const varchar = (name: string, length: number, extra: { isPrimary?: boolean; isNullable?: boolean } = {}) => ({ name, type: 'varchar', length: String(length), ...extra });

export class CreateCasesReadModels1764000000000 implements MigrationInterface {
  name = 'CreateCasesReadModels1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE_LEAD_TRIAGE,
        columns: [
          varchar('lead_id', 100, { isPrimary: true }),
          varchar('status', 30),
          varchar('office', 64, { isNullable: true }),
          varchar('jurisdiction', 6, { isNullable: true }),
          varchar('title', 500, { isNullable: true }),
          varchar('category', 50, { isNullable: true }),
          varchar('field', 50, { isNullable: true }),
          varchar('street', 64, { isNullable: true }),
          varchar('unit', 64, { isNullable: true }),
          varchar('routed_street', 64, { isNullable: true }),
          varchar('rule', 100, { isNullable: true }),
          varchar('deadline', 40, { isNullable: true }),
          varchar('case_id', 100, { isNullable: true }),
          varchar('received_at', 40, { isNullable: true }),
          varchar('updated_at', 40),
          { name: 'version', type: 'integer' },
          { name: 'state', type: 'text' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_LEAD_TRIAGE, new TableIndex({ name: 'ix_lead_triage_office', columnNames: ['office', 'status'] }));
    await queryRunner.createIndex(TABLE_LEAD_TRIAGE, new TableIndex({ name: 'ix_lead_triage_unit', columnNames: ['unit'] }));
    await queryRunner.createTable(
      new Table({
        name: TABLE_CASE_SUMMARY,
        columns: [
          varchar('case_id', 100, { isPrimary: true }),
          varchar('case_no', 100),
          varchar('title', 500),
          varchar('status', 40),
          varchar('category', 50),
          varchar('field', 50),
          varchar('jurisdiction', 6),
          varchar('street', 64, { isNullable: true }),
          varchar('office', 64),
          varchar('lead_unit', 64),
          varchar('opened_at', 40),
          varchar('updated_at', 40),
          { name: 'version', type: 'integer' },
          { name: 'state', type: 'text' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_CASE_SUMMARY, new TableIndex({ name: 'ix_case_summary_jurisdiction', columnNames: ['jurisdiction', 'status'] }));
    await queryRunner.createTable(
      new Table({
        name: TABLE_CASE_VISIBILITY,
        columns: [varchar('case_id', 100, { isPrimary: true }), varchar('agency', 64, { isPrimary: true }), varchar('reason', 40), varchar('since', 40)],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_CASE_VISIBILITY, new TableIndex({ name: 'ix_case_visibility_agency', columnNames: ['agency'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(TABLE_CASE_VISIBILITY, true);
    await queryRunner.dropTable(TABLE_CASE_SUMMARY, true);
    await queryRunner.dropTable(TABLE_LEAD_TRIAGE, true);
  }
}
