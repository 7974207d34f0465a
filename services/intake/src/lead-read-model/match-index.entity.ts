/**
 * The match index (intake's own database): every match key of every lead and
 * case seen so far, so a new lead finds earlier ones sharing a key.
 */
import { column, createTablesMigration, entityOf, TableSpec } from '@jm/read-model';

export interface MatchIndexRow {
  key: string;
  targetKind: 'lead' | 'case';
  targetId: string;
  jurisdiction: string;
  /** Global position of the event that indexed it: "earlier" means a smaller one. */
  indexedAt: string;
}

export const TABLE_MATCH_INDEX = 'match_index';

export const MATCH_INDEX: TableSpec<MatchIndexRow> = {
  table: TABLE_MATCH_INDEX,
  ddl: 'table-api',
  columns: [
    column.varchar('key', 'match_key', 300, { primary: true }),
    column.varchar('targetKind', 'target_kind', 10, { primary: true }),
    column.varchar('targetId', 'target_id', 64, { primary: true }),
    column.varchar('jurisdiction', 'jurisdiction', 6),
    column.varchar('indexedAt', 'indexed_at', 40),
  ],
  indexes: [{ name: 'ix_match_index_target', keys: ['target_kind', 'target_id'] }],
};

export const MatchIndexEntity = entityOf<MatchIndexRow>('MatchIndex', MATCH_INDEX);

export const CreateMatchIndex1764000000001 = createTablesMigration('CreateMatchIndex1764000000001', [MATCH_INDEX]);
