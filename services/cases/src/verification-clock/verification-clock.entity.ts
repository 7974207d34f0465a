/**
 * The deadline engine's verification clock of each routed lead (`verification_clock`), from
 * notifications' clock events: the engine's working-day due time is the one the triage views
 * show (docs/decisions.md, "One date for a routed lead's verification"). The row keeps the
 * clock stream's version, so a redelivered event changes nothing.
 */
import { column, entityOf, TableSpec } from '@jm/read-model';

export interface VerificationClockRow {
  leadId: string;
  dueAt: string;
  status: string;
  version: number;
}

export const VERIFICATION_CLOCK: TableSpec<VerificationClockRow> = {
  table: 'verification_clock',
  ddl: 'table-api',
  columns: [
    column.varchar('leadId', 'lead_id', 100, { primary: true }),
    column.varchar('dueAt', 'due_at', 40),
    column.varchar('status', 'status', 20),
    column.integer('version', 'version'),
  ],
  indexes: [],
};

export const VerificationClockEntity = entityOf<VerificationClockRow>('VerificationClock', VERIFICATION_CLOCK);
