/**
 * Tables of the to-do list (docs/worklist.md), fed by the bus
 * (worklist.projection.ts), rebuildable from the log:
 * - worklist_item: one row per item, open or closed;
 * - worklist_fact: what is known of a lead, case or meeting (numbers, titles,
 *   owning office) for the items and notices that name it.
 * The due time is not stored: it is read from deadline_clock when listed.
 */
import type { ReadModelSchema } from '@jm/platform';
import { column, createTablesMigration, entityOf, TableSpec } from '@jm/read-model';
import type { SubjectFacts, TodoItem } from './worklist.evolve';

export interface TodoRow extends TodoItem {
  /** The unit's region (from the registry), for an office's need-to-know. */
  jurisdiction: string;
}

export interface FactRow {
  key: string;
  /** The SubjectFacts as JSON. */
  facts: string;
  position: number;
}

export const TABLE_WORKLIST_ITEM = 'worklist_item';
export const TABLE_WORKLIST_FACT = 'worklist_fact';

const { varchar, bigint } = column;
const nullable = { nullable: true };
// PostgreSQL returns bigint as a string; global positions stay exact below 2^53.
const asNumber = { to: (value: unknown) => value, from: (value: unknown) => Number(value) };

export const WORKLIST_ITEM: TableSpec<TodoRow> = {
  table: TABLE_WORKLIST_ITEM,
  ddl: 'table-api',
  columns: [
    varchar('itemId', 'item_id', 120, { primary: true }),
    varchar('kind', 'kind', 40),
    varchar('unit', 'unit', 64),
    varchar('jurisdiction', 'jurisdiction', 6),
    varchar('role', 'role', 40, nullable),
    varchar('assignee', 'assignee', 200, nullable),
    varchar('subjectKind', 'subject_kind', 20),
    varchar('subjectId', 'subject_id', 200),
    varchar('subjectNo', 'subject_no', 200, nullable),
    varchar('subjectTitle', 'subject_title', 500, nullable),
    varchar('meetingId', 'meeting_id', 200, nullable),
    varchar('policyId', 'policy_id', 64, nullable),
    varchar('handedBy', 'handed_by', 64),
    varchar('handedByUser', 'handed_by_user', 200, nullable),
    varchar('handedAt', 'handed_at', 40),
    varchar('openedEvent', 'opened_event', 64),
    bigint('openedPosition', 'opened_position', { transformer: asNumber }),
    varchar('state', 'state', 10),
    varchar('closedAt', 'closed_at', 40, nullable),
    varchar('closedBy', 'closed_by', 64, nullable),
    varchar('closedByAgency', 'closed_by_agency', 64, nullable),
  ],
  indexes: [
    { name: 'ix_worklist_item_unit', keys: ['unit', 'state', 'handed_at'] },
    { name: 'ix_worklist_item_region', keys: ['jurisdiction', 'state'] },
    { name: 'ix_worklist_item_subject', keys: ['subject_id', 'state'] },
    { name: 'ix_worklist_item_meeting', keys: ['meeting_id', 'state'] },
    { name: 'ix_worklist_item_opened', keys: ['opened_event'] },
  ],
};

export const WORKLIST_FACT: TableSpec<FactRow> = {
  table: TABLE_WORKLIST_FACT,
  ddl: 'table-api',
  columns: [
    varchar('key', 'fact_key', 220, { primary: true }),
    column.text('facts', 'facts'),
    bigint('position', 'position', { transformer: asNumber }),
  ],
  indexes: [],
};

export const TodoEntity = entityOf<TodoRow>('WorklistItem', WORKLIST_ITEM);
export const FactEntity = entityOf<FactRow>('WorklistFact', WORKLIST_FACT);

export const CreateWorklistTables1767100000000 = createTablesMigration('CreateWorklistTables1767100000000', [WORKLIST_ITEM, WORKLIST_FACT]);

export const WORKLIST_READ_MODEL = {
  entities: [TodoEntity, FactEntity],
  migrations: [CreateWorklistTables1767100000000],
} satisfies ReadModelSchema;

export const factsOf = (row: FactRow): SubjectFacts => ({
  ...(JSON.parse(row.facts) as Omit<SubjectFacts, 'position'>),
  key: row.key,
  position: row.position,
});
