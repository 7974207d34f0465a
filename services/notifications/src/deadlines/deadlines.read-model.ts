/**
 * Tables the deadlines part adds to the notifications read model, fed by the
 * bus from the engine's own streams (deadlines.bus.controller.ts):
 * - deadline_clock: one row per clock with its folded state and the time the
 *   scheduler next has something to record (next_fire_at, null when nothing);
 * - deadline_obligation: one row per obligation with its status.
 * Each row keeps the stream version it reflects, so a redelivered event
 * changes nothing. Both can be dropped and rebuilt from the store.
 */
import type { ReadModelSchema } from '@jm/platform';
import { column, createTablesMigration, entityOf, TableSpec } from '@jm/read-model';

export interface ClockRow {
  clockId: string;
  policyId: string;
  subjectKind: string;
  subjectId: string;
  subjectStream: string;
  unit: string;
  /** The unit's region (from the registry), for an office's need-to-know. */
  jurisdiction: string;
  status: string;
  outcome: string | null;
  round: number;
  startedAt: string;
  dueAt: string;
  nextFireAt: string | null;
  missedAt: string | null;
  /** The folded ClockState as JSON. */
  state: string;
  updatedAt: string;
  version: number;
}

export interface ObligationRow {
  obligationId: string;
  policyId: string;
  kind: string;
  unit: string;
  jurisdiction: string;
  period: string;
  dueAt: string;
  status: string;
  submittedAt: string | null;
  submittedBy: string | null;
  reference: string | null;
  missedAt: string | null;
  updatedAt: string;
  version: number;
}

export const TABLE_DEADLINE_CLOCK = 'deadline_clock';
export const TABLE_DEADLINE_OBLIGATION = 'deadline_obligation';

const { varchar, integer, text } = column;
const nullable = { nullable: true };

export const DEADLINE_CLOCK: TableSpec<ClockRow> = {
  table: TABLE_DEADLINE_CLOCK,
  ddl: 'table-api',
  columns: [
    varchar('clockId', 'clock_id', 300, { primary: true }),
    varchar('policyId', 'policy_id', 64),
    varchar('subjectKind', 'subject_kind', 20),
    varchar('subjectId', 'subject_id', 200),
    varchar('subjectStream', 'subject_stream', 250),
    varchar('unit', 'unit', 64),
    varchar('jurisdiction', 'jurisdiction', 6),
    varchar('status', 'status', 20),
    varchar('outcome', 'outcome', 20, nullable),
    integer('round', 'round'),
    varchar('startedAt', 'started_at', 40),
    varchar('dueAt', 'due_at', 40),
    varchar('nextFireAt', 'next_fire_at', 40, nullable),
    varchar('missedAt', 'missed_at', 40, nullable),
    text('state', 'state'),
    varchar('updatedAt', 'updated_at', 40),
    integer('version', 'version'),
  ],
  indexes: [
    { name: 'ix_deadline_clock_next_fire', keys: ['next_fire_at'] },
    { name: 'ix_deadline_clock_unit', keys: ['unit', 'due_at'] },
    { name: 'ix_deadline_clock_region', keys: ['jurisdiction', 'due_at'] },
    { name: 'ix_deadline_clock_subject', keys: ['subject_id'] },
  ],
};

export const DEADLINE_OBLIGATION: TableSpec<ObligationRow> = {
  table: TABLE_DEADLINE_OBLIGATION,
  ddl: 'table-api',
  columns: [
    varchar('obligationId', 'obligation_id', 200, { primary: true }),
    varchar('policyId', 'policy_id', 64),
    varchar('kind', 'kind', 40),
    varchar('unit', 'unit', 64),
    varchar('jurisdiction', 'jurisdiction', 6),
    varchar('period', 'period', 10),
    varchar('dueAt', 'due_at', 40),
    varchar('status', 'status', 20),
    varchar('submittedAt', 'submitted_at', 40, nullable),
    varchar('submittedBy', 'submitted_by', 200, nullable),
    varchar('reference', 'reference', 500, nullable),
    varchar('missedAt', 'missed_at', 40, nullable),
    varchar('updatedAt', 'updated_at', 40),
    integer('version', 'version'),
  ],
  indexes: [
    { name: 'ix_deadline_obligation_unit', keys: ['unit', 'due_at'] },
    { name: 'ix_deadline_obligation_region', keys: ['jurisdiction', 'due_at'] },
  ],
};

export const ClockEntity = entityOf<ClockRow>('DeadlineClock', DEADLINE_CLOCK);
export const ObligationEntity = entityOf<ObligationRow>('DeadlineObligation', DEADLINE_OBLIGATION);

export const CreateDeadlineTables1767000000000 = createTablesMigration('CreateDeadlineTables1767000000000', [DEADLINE_CLOCK, DEADLINE_OBLIGATION]);

export const DEADLINES_READ_MODEL = {
  entities: [ClockEntity, ObligationEntity],
  migrations: [CreateDeadlineTables1767000000000],
} satisfies ReadModelSchema;
