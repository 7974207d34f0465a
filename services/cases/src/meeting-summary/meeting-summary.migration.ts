/** Adds the `meeting_summary` table (a new migration: the earlier ones are never edited), with the Table API so it serves SQLite and PostgreSQL. */
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { TABLE_MEETING_SUMMARY } from './meeting-summary.entity';

const varchar = (name: string, length: number, extra: { isPrimary?: boolean } = {}) => ({ name, type: 'varchar', length: String(length), ...extra });

export class CreateMeetingSummary1766000000000 implements MigrationInterface {
  name = 'CreateMeetingSummary1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE_MEETING_SUMMARY,
        columns: [
          varchar('meeting_id', 100, { isPrimary: true }),
          varchar('level', 20),
          varchar('kind', 20),
          varchar('title', 500),
          varchar('office', 64),
          varchar('jurisdiction', 6),
          varchar('scheduled_for', 40),
          varchar('status', 20),
          { name: 'agenda_count', type: 'integer' },
          { name: 'decided_count', type: 'integer' },
          varchar('updated_at', 40),
          { name: 'version', type: 'integer' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_MEETING_SUMMARY, new TableIndex({ name: 'ix_meeting_summary_jurisdiction', columnNames: ['jurisdiction', 'status'] }));
    await queryRunner.createIndex(TABLE_MEETING_SUMMARY, new TableIndex({ name: 'ix_meeting_summary_scheduled_for', columnNames: ['scheduled_for'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(TABLE_MEETING_SUMMARY, true);
  }
}
