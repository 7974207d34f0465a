/**
 * Schema of the consumer-side tables (consumer.entities.ts). Written with the
 * TypeORM Table API so one migration serves SQLite and PostgreSQL.
 */
import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { TABLE_CHECKPOINTS, TABLE_PARKED, TABLE_PROCESSED } from './consumer.entities';

export class CreateBusConsumerTables1763780000000 implements MigrationInterface {
  name = 'CreateBusConsumerTables1763780000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE_PROCESSED,
        columns: [
          { name: 'consumer_group', type: 'varchar', length: '200', isPrimary: true },
          { name: 'event_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'processed_at', type: 'varchar', length: '40' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: TABLE_CHECKPOINTS,
        columns: [
          { name: 'consumer_group', type: 'varchar', length: '200', isPrimary: true },
          { name: 'source', type: 'varchar', length: '300', isPrimary: true },
          { name: 'position', type: 'bigint' },
          { name: 'updated_at', type: 'varchar', length: '40' },
        ],
      }),
      true,
    );
    await queryRunner.createTable(
      new Table({
        name: TABLE_PARKED,
        columns: [
          { name: 'consumer_group', type: 'varchar', length: '200', isPrimary: true },
          { name: 'event_id', type: 'varchar', length: '200', isPrimary: true },
          { name: 'event_type', type: 'varchar', length: '200' },
          { name: 'stream_id', type: 'varchar', length: '300' },
          { name: 'topic', type: 'varchar', length: '300' },
          { name: 'source', type: 'varchar', length: '300' },
          { name: 'position', type: 'bigint' },
          { name: 'payload_format', type: 'varchar', length: '10' },
          { name: 'payload', type: 'text' },
          { name: 'error', type: 'text' },
          { name: 'attempts', type: 'integer' },
          { name: 'parked_at', type: 'varchar', length: '40' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'replayed_at', type: 'varchar', length: '40', isNullable: true },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(
      TABLE_PARKED,
      new TableIndex({ name: 'ix_bus_parked_events_status', columnNames: ['consumer_group', 'status'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(TABLE_PARKED, true);
    await queryRunner.dropTable(TABLE_CHECKPOINTS, true);
    await queryRunner.dropTable(TABLE_PROCESSED, true);
  }
}

/** Add these to the consumer DataSource's `migrations`. */
export const BUS_CONSUMER_MIGRATIONS = [CreateBusConsumerTables1763780000000];
