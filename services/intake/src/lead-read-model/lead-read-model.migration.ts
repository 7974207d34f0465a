/** Creates intake's lead read model (lead-read-model.entities.ts); the Table API serves SQLite and PostgreSQL alike. */
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { TABLE_CASE_LEAD, TABLE_CASE_UNIT, TABLE_LEAD_STATUS, TABLE_LEAD_SUMMARY, TABLE_LEAD_VISIBILITY } from './lead-read-model.entities';

const text = (name: string, length: number, nullable = false) => ({ name, type: 'varchar', length: String(length), isNullable: nullable });

export class CreateLeadReadModel1764000000000 implements MigrationInterface {
  name = 'CreateLeadReadModel1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE_LEAD_SUMMARY,
        columns: [
          { ...text('lead_id', 64), isPrimary: true },
          text('receipt_no', 40),
          text('title', 200),
          text('category', 40),
          text('field', 60),
          text('source', 40),
          text('channel', 40),
          text('jurisdiction', 6),
          text('street', 64, true),
          text('received_by', 64),
          text('received_at', 40),
          text('office', 64),
          text('report_deadline', 40),
          text('reported_at', 40, true),
          { name: 'major', type: 'boolean' },
          { name: 'anonymous', type: 'boolean' },
          text('amount_yuan', 24, true),
          { name: 'participants', type: 'integer', isNullable: true },
          text('informant', 10),
          { name: 'links', type: 'integer' },
          { name: 'supplements', type: 'integer' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_LEAD_SUMMARY, new TableIndex({ name: 'ix_lead_summary_jurisdiction', columnNames: ['jurisdiction', 'received_at'] }));
    await queryRunner.createTable(
      new Table({
        name: TABLE_LEAD_STATUS,
        columns: [{ ...text('lead_id', 64), isPrimary: true }, text('status', 20), text('case_id', 64, true), text('updated_at', 40)],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: TABLE_LEAD_VISIBILITY,
        columns: [{ ...text('lead_id', 64), isPrimary: true }, { ...text('agency', 64), isPrimary: true }, text('reason', 20), text('since', 40)],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_LEAD_VISIBILITY, new TableIndex({ name: 'ix_lead_visibility_agency', columnNames: ['agency'] }));
    await queryRunner.createTable(
      new Table({ name: TABLE_CASE_LEAD, columns: [{ ...text('case_id', 64), isPrimary: true }, { ...text('lead_id', 64), isPrimary: true }] }),
      true,
    );
    await queryRunner.createTable(
      new Table({ name: TABLE_CASE_UNIT, columns: [{ ...text('case_id', 64), isPrimary: true }, { ...text('agency', 64), isPrimary: true }] }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [TABLE_CASE_UNIT, TABLE_CASE_LEAD, TABLE_LEAD_VISIBILITY, TABLE_LEAD_STATUS, TABLE_LEAD_SUMMARY]) await queryRunner.dropTable(table, true);
  }
}
