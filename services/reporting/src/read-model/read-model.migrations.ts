/** Schema of the reporting read models, from the column lists in read-model.tables.ts (one source for the entity, the migration and the rebuild). */
import { MigrationInterface, QueryRunner } from 'typeorm';
import { createTableStatements, dialectOf, REPORTING_TABLES, schemaOf } from './read-model.tables';

export class CreateReportingReadModels1767000000000 implements MigrationInterface {
  name = 'CreateReportingReadModels1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const dialect = dialectOf(queryRunner.connection.options.type);
    const schema = schemaOf(queryRunner.connection);
    for (const spec of REPORTING_TABLES) {
      for (const statement of createTableStatements(spec, dialect, { schema })) await queryRunner.query(statement);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = schemaOf(queryRunner.connection);
    for (const spec of [...REPORTING_TABLES].reverse()) await queryRunner.query(`DROP TABLE ${schema ? `"${schema}".` : ''}"${spec.table}"`);
  }
}
