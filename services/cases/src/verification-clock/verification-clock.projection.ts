/** Folds the events of a routed lead's verification clock (notifications' `deadline-routed-lead-feedback.<leadId>`) into its row. */
import { DEADLINE_STREAM_PREFIX } from '@jm/contracts';
import type { StoredEvent } from '@jm/event-sourcing';
import type { EntityManager } from 'typeorm';
import { VerificationClockEntity } from './verification-clock.entity';

/** The policy of config/deadline-policies.json that times a routed lead's verification. */
export const VERIFICATION_CLOCK_POLICY = 'routed-lead-feedback';
const CLOCK_STREAM_PREFIX = `${DEADLINE_STREAM_PREFIX}${VERIFICATION_CLOCK_POLICY}.`;

const STATUS_AFTER: Record<string, string> = { ClockStarted: 'running', ClockPaused: 'paused', ClockResumed: 'running', ClockStopped: 'stopped' };
export const VERIFICATION_CLOCK_EVENT_TYPES = Object.keys(STATUS_AFTER);

/** One event of a lead's verification clock into its row; other clocks' events, and one already applied, change nothing. */
export async function projectVerificationClock(manager: EntityManager, event: StoredEvent): Promise<void> {
  if (!event.streamId.startsWith(CLOCK_STREAM_PREFIX)) return;
  const leadId = event.streamId.slice(CLOCK_STREAM_PREFIX.length);
  const repo = manager.getRepository(VerificationClockEntity);
  const row = await repo.findOne({ where: { leadId } });
  if (row && event.streamVersion <= row.version) return;
  const status = STATUS_AFTER[event.type];
  const dueAt = (event.data as { dueAt?: string }).dueAt ?? row?.dueAt;
  if (!status || !dueAt) return;
  await repo.save({ leadId, dueAt, status, version: event.streamVersion });
}
