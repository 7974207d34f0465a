/**
 * Tables the deadlines part adds to the notifications read model, fed by the
 * bus from the engine's own streams (deadlines.bus.controller.ts):
 * - deadline_clock: one row per clock with its folded state and the time the
 *   scheduler next has something to record (next_fire_at, null when nothing);
 * - deadline_obligation: one row per obligation with its status.
 * Each row keeps the stream version it reflects, so a redelivered event
 * changes nothing. Both can be dropped and rebuilt from the store.
 */
import { EntitySchema, MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';

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

const str = (name: string, length: number, nullable = false) => ({ name, type: 'varchar' as const, length, nullable });

export const ClockEntity = new EntitySchema<ClockRow>({
  name: 'DeadlineClock',
  tableName: TABLE_DEADLINE_CLOCK,
  columns: {
    clockId: { ...str('clock_id', 300), primary: true },
    policyId: str('policy_id', 64),
    subjectKind: str('subject_kind', 20),
    subjectId: str('subject_id', 200),
    subjectStream: str('subject_stream', 250),
    unit: str('unit', 64),
    jurisdiction: str('jurisdiction', 6),
    status: str('status', 20),
    outcome: str('outcome', 20, true),
    round: { name: 'round', type: 'integer' },
    startedAt: str('started_at', 40),
    dueAt: str('due_at', 40),
    nextFireAt: str('next_fire_at', 40, true),
    missedAt: str('missed_at', 40, true),
    state: { name: 'state', type: 'text' },
    updatedAt: str('updated_at', 40),
    version: { name: 'version', type: 'integer' },
  },
});

export const ObligationEntity = new EntitySchema<ObligationRow>({
  name: 'DeadlineObligation',
  tableName: TABLE_DEADLINE_OBLIGATION,
  columns: {
    obligationId: { ...str('obligation_id', 200), primary: true },
    policyId: str('policy_id', 64),
    kind: str('kind', 40),
    unit: str('unit', 64),
    jurisdiction: str('jurisdiction', 6),
    period: str('period', 10),
    dueAt: str('due_at', 40),
    status: str('status', 20),
    submittedAt: str('submitted_at', 40, true),
    submittedBy: str('submitted_by', 200, true),
    reference: str('reference', 500, true),
    missedAt: str('missed_at', 40, true),
    updatedAt: str('updated_at', 40),
    version: { name: 'version', type: 'integer' },
  },
});

const col = (name: string, length: number, extra: { isPrimary?: boolean; isNullable?: boolean } = {}) => ({ name, type: 'varchar', length: String(length), ...extra });

export class CreateDeadlineTables1767000000000 implements MigrationInterface {
  name = 'CreateDeadlineTables1767000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: TABLE_DEADLINE_CLOCK,
        columns: [
          col('clock_id', 300, { isPrimary: true }),
          col('policy_id', 64),
          col('subject_kind', 20),
          col('subject_id', 200),
          col('subject_stream', 250),
          col('unit', 64),
          col('jurisdiction', 6),
          col('status', 20),
          col('outcome', 20, { isNullable: true }),
          { name: 'round', type: 'integer' },
          col('started_at', 40),
          col('due_at', 40),
          col('next_fire_at', 40, { isNullable: true }),
          col('missed_at', 40, { isNullable: true }),
          { name: 'state', type: 'text' },
          col('updated_at', 40),
          { name: 'version', type: 'integer' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_DEADLINE_CLOCK, new TableIndex({ name: 'ix_deadline_clock_next_fire', columnNames: ['next_fire_at'] }));
    await queryRunner.createIndex(TABLE_DEADLINE_CLOCK, new TableIndex({ name: 'ix_deadline_clock_unit', columnNames: ['unit', 'due_at'] }));
    await queryRunner.createIndex(TABLE_DEADLINE_CLOCK, new TableIndex({ name: 'ix_deadline_clock_region', columnNames: ['jurisdiction', 'due_at'] }));
    await queryRunner.createIndex(TABLE_DEADLINE_CLOCK, new TableIndex({ name: 'ix_deadline_clock_subject', columnNames: ['subject_id'] }));
    await queryRunner.createTable(
      new Table({
        name: TABLE_DEADLINE_OBLIGATION,
        columns: [
          col('obligation_id', 200, { isPrimary: true }),
          col('policy_id', 64),
          col('kind', 40),
          col('unit', 64),
          col('jurisdiction', 6),
          col('period', 10),
          col('due_at', 40),
          col('status', 20),
          col('submitted_at', 40, { isNullable: true }),
          col('submitted_by', 200, { isNullable: true }),
          col('reference', 500, { isNullable: true }),
          col('missed_at', 40, { isNullable: true }),
          col('updated_at', 40),
          { name: 'version', type: 'integer' },
        ],
      }),
      true,
    );
    await queryRunner.createIndex(TABLE_DEADLINE_OBLIGATION, new TableIndex({ name: 'ix_deadline_obligation_unit', columnNames: ['unit', 'due_at'] }));
    await queryRunner.createIndex(TABLE_DEADLINE_OBLIGATION, new TableIndex({ name: 'ix_deadline_obligation_region', columnNames: ['jurisdiction', 'due_at'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable(TABLE_DEADLINE_OBLIGATION, true);
    await queryRunner.dropTable(TABLE_DEADLINE_CLOCK, true);
  }
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity and migration classes
type Ctor = Function;
export const DEADLINES_READ_MODEL: { entities: (Ctor | EntitySchema)[]; migrations: Ctor[] } = {
  entities: [ClockEntity, ObligationEntity],
  migrations: [CreateDeadlineTables1767000000000],
};
