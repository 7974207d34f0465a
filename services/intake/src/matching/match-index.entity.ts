/**
 * The match index (intake's own database): every match key of every lead and
 * case seen so far, so a new lead finds earlier ones sharing a key.
 */
import { EntitySchema, MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

export interface MatchIndexRow {
  key: string;
  targetKind: 'lead' | 'case';
  targetId: string;
  jurisdiction: string;
  /** Global position of the event that indexed it: "earlier" means a smaller one. */
  indexedAt: string;
}

export const TABLE_MATCH_INDEX = 'match_index';

export const MatchIndexEntity = new EntitySchema<MatchIndexRow>({
  name: 'MatchIndex',
  tableName: TABLE_MATCH_INDEX,
  columns: {
    key: { name: 'match_key', type: 'varchar', length: 300, primary: true },
    targetKind: { name: 'target_kind', type: 'varchar', length: 10, primary: true },
    targetId: { name: 'target_id', type: 'varchar', length: 64, primary: true },
    jurisdiction: { name: 'jurisdiction', type: 'varchar', length: 6 },
    indexedAt: { name: 'indexed_at', type: 'varchar', length: 40 },
  },
});

export class CreateMatchIndex1764000000001 implements MigrationInterface {
  name = 'CreateMatchIndex1764000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE_MATCH_INDEX,
        columns: [
          { name: 'match_key', type: 'varchar', length: '300', isPrimary: true },
          { name: 'target_kind', type: 'varchar', length: '10', isPrimary: true },
          { name: 'target_id', type: 'varchar', length: '64', isPrimary: true },
          { name: 'jurisdiction', type: 'varchar', length: '6' },
          { name: 'indexed_at', type: 'varchar', length: '40' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_MATCH_INDEX, new TableIndex({ name: 'ix_match_index_target', columnNames: ['target_kind', 'target_id'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(TABLE_MATCH_INDEX, true);
  }
}
