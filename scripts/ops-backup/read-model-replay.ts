/**
 * The read models the restore drill rebuilds from a log and compares row for row: each service's tables, how they
 * are rebuilt (reporting: its rebuild, rebuildProjections; intake, cases, notifications: their projections alone,
 * replayProjections, so nothing is appended or sent), and the tables left out of the comparison with the reason
 * (docs/operations/backup.md).
 */
import type { DataSource, EntityMetadata } from 'typeorm';
import { BUS_CONSUMER_TABLES } from '@jm/bus';
import { EventStore } from '@jm/event-sourcing';
import { HolidayCalendar, ReadModelSchema, replayProjections, ServiceProjections, TABLE_CRYPTO_KEYS, WorkingCalendar } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import { casesProjections } from '../../services/cases/src/cases.projections';
import { CASES_READ_MODEL } from '../../services/cases/src/cases.read-model';
import { intakeProjections } from '../../services/intake/src/intake.projections';
import { INTAKE_READ_MODEL } from '../../services/intake/src/intake.read-model';
import { TABLE_INBOX, TABLE_OUTBOX } from '../../services/notifications/src/channels/channels.entities';
import { DeadlinePolicies } from '../../services/notifications/src/deadlines/policy/deadline-policies';
import { notificationsProjections } from '../../services/notifications/src/notifications.projections';
import { NOTIFICATIONS_READ_MODEL } from '../../services/notifications/src/notifications.read-model';
import { REPORTING_READ_MODEL } from '../../services/reporting/src/reporting.read-model';
import { rebuildProjections } from '../../services/reporting/src/rebuild/projection-rebuild';
import { riskLedgerFeedListener } from '../../services/reporting/src/statistics/ledger-queries/risk-ledger-feed';
import type { Installation } from './settings';

export const REBUILT_SERVICES = ['intake', 'cases', 'notifications', 'reporting'] as const;
export type RebuiltService = (typeof REBUILT_SERVICES)[number];

const VAULT = 'the key vault: restored from the backup, not from the log, and checked against the shred journal (above)';

/** The bus's tables in every service's database: where its consumer got to, not what the log says; a replay writes none. */
const CONSUMER_STATE = Object.fromEntries(
  BUS_CONSUMER_TABLES.map((t) => [
    t.table,
    "the consumer's own state (dedup rows, checkpoints, parked events): where it got to, not a function of the log",
  ]),
);

/** Tables of a service's database the drill does not compare, and why. */
export const EXCLUDED_TABLES: Record<RebuiltService, Record<string, string>> = {
  intake: { [TABLE_CRYPTO_KEYS]: VAULT, ...CONSUMER_STATE },
  cases: { [TABLE_CRYPTO_KEYS]: VAULT, ...CONSUMER_STATE },
  notifications: {
    ...CONSUMER_STATE,
    [TABLE_OUTBOX]: "delivery state (attempts, times, outcomes of sending): written by the channels' steps and the dispatcher, not by the log",
    [TABLE_INBOX]: 'written by the step that appends a message (a reaction), with the time it ran; the messages themselves are in the log',
  },
  reporting: { ...CONSUMER_STATE },
};

export interface ReadModelRebuild {
  service: RebuiltService;
  schema: ReadModelSchema;
  /** Rebuilds the service's read models from the log into `db` (fresh, migrated); answers the events it read. */
  rebuild(store: EventStore, db: DataSource): Promise<{ events: number }>;
}

function projectionRebuild(service: RebuiltService, schema: ReadModelSchema, projections: () => ServiceProjections): ReadModelRebuild {
  return {
    service,
    schema,
    rebuild: async (store, db) => ({ events: (await replayProjections({ store, dataSource: db, projections: projections() })).events }),
  };
}

/** Every service whose read models the drill rebuilds, in the order it reports them. */
export function readModelRebuilds(installation: Installation): ReadModelRebuild[] {
  return [
    projectionRebuild('intake', INTAKE_READ_MODEL, () => intakeProjections),
    projectionRebuild('cases', CASES_READ_MODEL, () => casesProjections),
    projectionRebuild('notifications', NOTIFICATIONS_READ_MODEL, () => {
      const files = installation.notificationsFiles();
      return notificationsProjections({
        policies: DeadlinePolicies.fromFile(files.deadlinePoliciesPath),
        calendar: new WorkingCalendar(HolidayCalendar.fromDir(files.holidayCalendarDir)),
        registry: AgencyRegistry.fromFile(files.agencyRegistryPath),
      });
    }),
    {
      service: 'reporting',
      schema: REPORTING_READ_MODEL,
      // One partition: worker threads would open the store themselves, past a view's head.
      rebuild: async (store, db) => ({
        events: (await rebuildProjections({ store, dataSource: db, riskLedger: riskLedgerFeedListener, partitions: 1 })).events,
      }),
    },
  ];
}

/** The tables of the service's schema the drill compares. */
export function comparedTables(db: DataSource, service: RebuiltService): EntityMetadata[] {
  return db.entityMetadatas.filter((m) => !(m.tableName in EXCLUDED_TABLES[service]));
}
