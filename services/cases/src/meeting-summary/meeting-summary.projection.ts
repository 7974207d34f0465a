/**
 * The meeting list's projection: a pure evolve of the row by one meeting event,
 * and a thin writer through the consumer's transaction (ctx.manager). An event
 * at or below the row's version was already applied (a redelivery) and changes
 * nothing; events before MeetingScheduled cannot occur in a stream's order and
 * are ignored.
 */
import { decodeMeetingEvent } from '@jm/contracts';
import { assertNever, StoredEvent } from '@jm/event-sourcing';
import type { EntityManager } from 'typeorm';
import { MeetingSummaryEntity, MeetingSummaryRow } from './meeting-summary.entity';

/** The row after one event (pure); undefined while the meeting is not scheduled. */
export function evolveMeetingSummary(row: MeetingSummaryRow | undefined, event: StoredEvent): MeetingSummaryRow | undefined {
  if (row && event.streamVersion <= row.version) return row;
  const domain = decodeMeetingEvent(event);
  const touched = { updatedAt: event.time, version: event.streamVersion };
  switch (domain.type) {
    case 'MeetingScheduled': {
      if (row) return { ...row, ...touched };
      const d = domain.data;
      return {
        meetingId: d.meetingId,
        level: d.level,
        kind: d.kind,
        title: d.title,
        office: d.office,
        jurisdiction: d.jurisdiction,
        scheduledFor: d.scheduledFor,
        status: 'scheduled',
        agendaCount: 0,
        decidedCount: 0,
        ...touched,
      };
    }
    case 'CasePutOnAgenda':
      // The decider appends this once per case, so counting events counts cases.
      return row && { ...row, agendaCount: row.agendaCount + 1, ...touched };
    case 'MeetingDecisionRecorded':
      return row && { ...row, decidedCount: row.decidedCount + 1, ...touched };
    case 'MeetingClosed':
      return row && { ...row, status: 'closed', ...touched };
    default:
      return assertNever(domain, 'meeting event');
  }
}

export async function projectMeetingSummary(manager: EntityManager, event: StoredEvent, meetingId: string): Promise<void> {
  const repo = manager.getRepository(MeetingSummaryEntity);
  const row = (await repo.findOne({ where: { meetingId } })) ?? undefined;
  const next = evolveMeetingSummary(row, event);
  if (next && next !== row) await repo.save(next);
}
