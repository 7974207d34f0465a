/** The meeting list row, given/when/then over the pure evolve; and the SQL region rule against regionContains. */
import { StoredEvent } from '@jm/event-sourcing';
import { regionContains } from '@jm/reference';
import type { MeetingEvent } from '../meeting/meeting.events';
import type { MeetingSummaryRow } from './meeting-summary.entity';
import { evolveMeetingSummary } from './meeting-summary.projection';
import { regionsContaining } from './meeting-summary.query';

const actor = { agency: 'lc-office', user: 'lc-office-user' };
/** The event as the bus delivers it at a 0-based stream version (the day of the month follows the version). */
const stored = (event: MeetingEvent, streamVersion: number): StoredEvent => ({
  id: `e-${streamVersion}`,
  streamId: 'meeting-M1',
  streamVersion,
  position: 100 + streamVersion,
  type: event.type,
  schemaVersion: 1,
  data: event.data,
  time: `2026-03-1${streamVersion}T02:00:00.000Z`,
  correlationId: 'c-1',
  causationId: 'c-1',
  actor,
  prevHash: '',
  hash: `h-${streamVersion}`,
  hashAlg: 'SM3',
});

const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId: 'M1',
    level: 'district',
    kind: 'partial',
    scheduledFor: '2026-03-20T02:00:00.000Z',
    title: '区联席会议（部分成员）',
    office: 'lc-office',
    jurisdiction: '350502',
  },
};
const onAgenda = (caseId: string): MeetingEvent => ({
  type: 'CasePutOnAgenda',
  data: { meetingId: 'M1', office: 'lc-office', caseId, question: 'determination', source: 'manual' },
});
const decided: MeetingEvent = {
  type: 'MeetingDecisionRecorded',
  data: {
    meetingId: 'M1',
    level: 'district',
    office: 'lc-office',
    caseId: 'C1',
    question: 'determination',
    decision: 'not_illegal',
    text: '不构成非法集资',
    decidedBy: { user: 'u', agency: 'lc-office', agencyKind: 'office', level: 'district', jurisdiction: '350502', roles: ['convener'] },
  },
};
const closed: MeetingEvent = { type: 'MeetingClosed', data: { meetingId: 'M1' } };

/** Applies the given events in stream order (versions 0…n-1), then the `when` events as they come. */
function given(...events: MeetingEvent[]) {
  const row = events.reduce<MeetingSummaryRow | undefined>((r, e, i) => evolveMeetingSummary(r, stored(e, i)), undefined);
  return { when: (...next: StoredEvent[]) => next.reduce(evolveMeetingSummary, row), row };
}

describe('meeting_summary projection', () => {
  it('a scheduled meeting is a row with empty counts', () => {
    expect(given(scheduled).row).toEqual({
      meetingId: 'M1',
      level: 'district',
      kind: 'partial',
      title: '区联席会议（部分成员）',
      office: 'lc-office',
      jurisdiction: '350502',
      scheduledFor: '2026-03-20T02:00:00.000Z',
      status: 'scheduled',
      agendaCount: 0,
      decidedCount: 0,
      updatedAt: '2026-03-10T02:00:00.000Z',
      version: 0,
    });
  });

  it('counts agenda items and decisions, and closes', () => {
    const row = given(scheduled, onAgenda('C1'), onAgenda('C2'), decided).when(stored(closed, 4));
    expect(row).toMatchObject({ status: 'closed', agendaCount: 2, decidedCount: 1, version: 4, updatedAt: '2026-03-14T02:00:00.000Z' });
  });

  it('a redelivered event changes nothing (the same row object comes back, so nothing is written)', () => {
    const { row, when } = given(scheduled, onAgenda('C1'));
    expect(when(stored(onAgenda('C1'), 1))).toBe(row);
    expect(when(stored(scheduled, 0))).toBe(row);
    expect(row).toMatchObject({ agendaCount: 1, version: 1 });
  });

  it('ignores events of a meeting it has no row for', () => {
    expect(given().when(stored(onAgenda('C1'), 1), stored(closed, 2))).toBeUndefined();
  });
});

describe('regionsContaining (the member-unit rule of canSeeMeeting, as SQL)', () => {
  it.each(['350502', '350500', '350000', '350203'])('holds exactly where regionContains(outer, %s) does', (inner) => {
    const candidates = ['350502', '350503', '350500', '350200', '350203', '350000', '360000', '360100'];
    expect(candidates.filter((outer) => regionContains(outer, inner)).sort()).toEqual(
      regionsContaining(inner)
        .filter((r) => candidates.includes(r))
        .sort(),
    );
  });
});
