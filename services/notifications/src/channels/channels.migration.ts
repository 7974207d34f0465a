/** Creates the channels' tables (outbox, inbox, read marks) with the Table API, so it serves SQLite and PostgreSQL. */
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { TABLE_INBOX, TABLE_INBOX_READ, TABLE_OUTBOX } from './channels.entities';

const varchar = (name: string, length: number, extra: { isPrimary?: boolean; isNullable?: boolean } = {}) => ({ name, type: 'varchar', length: String(length), ...extra });
const integer = (name: string) => ({ name, type: 'integer' });

export class CreateNotificationChannels1767000000000 implements MigrationInterface {
  name = 'CreateNotificationChannels1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE_OUTBOX,
        columns: [
          varchar('message_id', 40, { isPrimary: true }),
          varchar('target', 64, { isPrimary: true }),
          varchar('channel', 16),
          varchar('recipient_agency', 64),
          varchar('status', 16),
          integer('attempts'),
          integer('budget_end'),
          varchar('next_attempt_at', 40),
          varchar('last_error', 1000, { isNullable: true }),
          integer('replay_version'),
          varchar('updated_at', 40),
        ],
      }),
      true,
    );
    // The dispatcher's question: what is due now.
    await queryRunner.createIndex(TABLE_OUTBOX, new TableIndex({ name: 'ix_notification_outbox_due', columnNames: ['status', 'next_attempt_at'] }));
    await queryRunner.createTable(
      new Table({
        name: TABLE_INBOX,
        columns: [
          varchar('message_id', 40, { isPrimary: true }),
          varchar('agency', 64),
          varchar('role', 32, { isNullable: true }),
          varchar('template', 40),
          { name: 'params', type: 'text' },
          varchar('locale', 8),
          varchar('source_event_type', 64),
          varchar('created_at', 40),
        ],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_INBOX, new TableIndex({ name: 'ix_notification_inbox_agency', columnNames: ['agency', 'created_at'] }));
    await queryRunner.createTable(
      new Table({
        name: TABLE_INBOX_READ,
        columns: [varchar('message_id', 40, { isPrimary: true }), varchar('user_id', 128, { isPrimary: true }), varchar('agency', 64), varchar('read_at', 40)],
      }),
      true,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(TABLE_INBOX_READ, true);
    await queryRunner.dropTable(TABLE_INBOX, true);
    await queryRunner.dropTable(TABLE_OUTBOX, true);
  }
}
