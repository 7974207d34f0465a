/** Schema of the consumer-side tables, from their declarations (consumer.entities.ts). */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createTablesMigration, dialectOf, qualifiedTable, schemaOf } from '@jm/read-model';
import { BUS_CONSUMER_TABLES, PARKED_DISCARD_COLUMNS, TABLE_PARKED } from './consumer.entities';

export const CreateBusConsumerTables1763780000000 = createTablesMigration('CreateBusConsumerTables1763780000000', BUS_CONSUMER_TABLES);

/**
 * Who discarded a parked event, when and why (status `discarded`), on tables made before those columns were in
 * the spec; nullable, as parked and replayed rows have none. Skipped where the first migration made them.
 */
export class AddParkedEventDiscard1767600000000 implements MigrationInterface {
  name = 'AddParkedEventDiscard1767600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = dialectOf(queryRunner.connection.options.type) === 'postgres';
    const table = qualifiedTable(schemaOf(queryRunner.connection), TABLE_PARKED);
    const existing = new Set((await queryRunner.getTable(TABLE_PARKED))?.columns.map((c) => c.name) ?? []);
    for (const column of PARKED_DISCARD_COLUMNS) {
      if (existing.has(column.column)) continue;
      const type = column.kind === 'varchar' && postgres ? `varchar(${column.length})` : column.kind;
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN "${column.column}" ${type}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const table = qualifiedTable(schemaOf(queryRunner.connection), TABLE_PARKED);
    for (const column of PARKED_DISCARD_COLUMNS) await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN "${column.column}"`);
  }
}

/** Add these to the consumer DataSource's `migrations`. */
export const BUS_CONSUMER_MIGRATIONS = [CreateBusConsumerTables1763780000000, AddParkedEventDiscard1767600000000];
