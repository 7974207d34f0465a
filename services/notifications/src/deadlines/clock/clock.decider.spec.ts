/** given/when/then for the clock stream: start, pause, resume, stop and what the scheduler records, once each, in order. */
import { deciderSpec } from '@jm/event-sourcing/testing';
import type { ClockTrigger } from '@jm/contracts';
import type { ClockCommand, StartClock } from './clock.commands';
import type { ClockEvent, ClockStarted } from './clock.events';
import { clockDecider } from './clock.decider';

const spec = deciderSpec(clockDecider);
const trigger = (n: number): ClockTrigger => ({ eventId: `e${n}`, eventType: 'LeadRouted', streamId: 'routing-l1' });
const subject = { kind: 'routing' as const, id: 'l1', streamId: 'routing-l1' };
const start: StartClock = {
  kind: 'StartClock',
  at: '2026-03-02T02:00:00.000Z',
  clockId: 'routed-lead-feedback.l1',
  policyId: 'routed-lead-feedback',
  subject,
  unit: 'lc-market',
  dueAt: '2026-03-20T16:00:00.000Z',
  amount: 15,
  clockUnit: 'working_days',
  trigger: trigger(1),
  calendarGaps: [],
};
const started: ClockStarted = {
  type: 'ClockStarted',
  data: {
    clockId: start.clockId,
    policyId: start.policyId,
    subject,
    unit: 'lc-market',
    startedAt: start.at,
    dueAt: start.dueAt,
    amount: 15,
    clockUnit: 'working_days',
    trigger: trigger(1),
    round: 1,
  },
};
const base = { clockId: start.clockId, policyId: start.policyId, subject, unit: 'lc-market', dueAt: start.dueAt, round: 1 };
const reminded: ClockEvent = {
  type: 'DeadlineReminderDue',
  data: { ...base, at: '2026-03-18T16:00:00.000Z', reminder: 0, recipients: [{ agency: 'lc-market' }] },
};
const missed: ClockEvent = { type: 'DeadlineMissed', data: { ...base, missedAt: '2026-03-20T16:00:05.000Z' } };
const paused: ClockEvent = {
  type: 'ClockPaused',
  data: { clockId: start.clockId, pausedAt: '2026-03-05T02:00:00.000Z', remainingMs: 1000, trigger: trigger(2) },
};
const stopped: ClockEvent = {
  type: 'ClockStopped',
  data: { clockId: start.clockId, stoppedAt: '2026-03-06T02:00:00.000Z', outcome: 'met', trigger: trigger(3) },
};
const escalate = (step: number, level: 'unit' | 'office' | 'convener'): ClockCommand => ({
  kind: 'RecordEscalation',
  at: '2026-03-25T00:00:00.000Z',
  step,
  level,
  recipients: [{ agency: 'lc-office', role: 'office_officer' }],
});

describe('clock decider', () => {
  it('given nothing, when the start event comes, then the clock starts in round 1; a second start while it runs changes nothing', () => {
    spec.given([]).when(start).then([started]);
    spec
      .given([started])
      .when({ ...start, trigger: trigger(9) })
      .thenNothing();
  });

  it('given a stopped clock, when its start event comes again, then it starts round 2', () => {
    spec
      .given([started, stopped])
      .when({ ...start, at: '2026-04-01T02:00:00.000Z', trigger: trigger(7) })
      .then([{ type: 'ClockStarted', data: { ...started.data, startedAt: '2026-04-01T02:00:00.000Z', trigger: trigger(7), round: 2 } }]);
  });

  it('pauses only a running clock and resumes only a paused one', () => {
    spec
      .given([started])
      .when({ kind: 'PauseClock', at: '2026-03-05T02:00:00.000Z', remainingMs: 1000, trigger: trigger(2) })
      .then([paused]);
    spec
      .given([started, paused])
      .when({ kind: 'PauseClock', at: '2026-03-05T03:00:00.000Z', remainingMs: 5, trigger: trigger(4) })
      .thenNothing();
    spec
      .given([started])
      .when({ kind: 'ResumeClock', at: '2026-03-06T02:00:00.000Z', dueAt: 'x', trigger: trigger(5), calendarGaps: [] })
      .thenNothing();
    spec
      .given([started, paused])
      .when({ kind: 'ResumeClock', at: '2026-03-06T02:00:00.000Z', dueAt: '2026-03-21T16:00:00.000Z', trigger: trigger(5), calendarGaps: [2027] })
      .then([
        {
          type: 'ClockResumed',
          data: {
            clockId: start.clockId,
            resumedAt: '2026-03-06T02:00:00.000Z',
            dueAt: '2026-03-21T16:00:00.000Z',
            trigger: trigger(5),
            calendarGaps: [2027],
          },
        },
      ]);
    spec
      .given([])
      .when({ kind: 'PauseClock', at: '2026-03-05T02:00:00.000Z', remainingMs: 1, trigger: trigger(2) })
      .thenNothing();
  });

  it('stops as met before the due time, late after it or after the miss, cancelled when the policy says so; a stop for no clock changes nothing', () => {
    const stop = (at: string, cancelled = false): ClockCommand => ({ kind: 'StopClock', at, cancelled, trigger: trigger(3) });
    spec.given([started]).when(stop('2026-03-06T02:00:00.000Z')).then([stopped]);
    spec
      .given([started])
      .when(stop('2026-03-21T02:00:00.000Z'))
      .then([{ type: 'ClockStopped', data: { ...stopped.data, stoppedAt: '2026-03-21T02:00:00.000Z', outcome: 'late' } }]);
    spec
      .given([started, missed, paused])
      .when(stop('2026-03-06T02:00:00.000Z'))
      .then([{ type: 'ClockStopped', data: { ...stopped.data, outcome: 'late' } }]);
    spec
      .given([started])
      .when(stop('2026-03-06T02:00:00.000Z', true))
      .then([{ type: 'ClockStopped', data: { ...stopped.data, outcome: 'cancelled' } }]);
    spec.given([]).when(stop('2026-03-06T02:00:00.000Z')).thenNothing();
    spec.given([started, stopped]).when(stop('2026-03-07T02:00:00.000Z')).thenNothing();
  });

  it('records each reminder once, the miss only at or after the due time, and escalation steps after the miss one after another', () => {
    const remind: ClockCommand = { kind: 'RecordReminder', at: '2026-03-18T16:00:00.000Z', index: 0, recipients: [{ agency: 'lc-market' }] };
    spec.given([started]).when(remind).then([reminded]);
    spec.given([started, reminded]).when(remind).thenNothing();
    spec.given([started]).when({ kind: 'RecordMiss', at: '2026-03-20T15:59:59.999Z' }).thenNothing();
    spec.given([started, reminded]).when({ kind: 'RecordMiss', at: '2026-03-20T16:00:05.000Z' }).then([missed]);
    spec.given([started, missed]).when({ kind: 'RecordMiss', at: '2026-03-21T00:00:00.000Z' }).thenNothing();
    spec.given([started]).when(escalate(0, 'unit')).thenNothing();
    spec.given([started, missed]).when(escalate(1, 'office')).thenNothing();
    spec
      .given([started, missed])
      .when(escalate(0, 'unit'))
      .then([
        {
          type: 'DeadlineEscalated',
          data: { ...base, step: 0, level: 'unit', recipients: [{ agency: 'lc-office', role: 'office_officer' }], at: '2026-03-25T00:00:00.000Z' },
        },
      ]);
    const first: ClockEvent = {
      type: 'DeadlineEscalated',
      data: { ...base, step: 0, level: 'unit', recipients: [], at: '2026-03-25T00:00:00.000Z' },
    };
    spec.given([started, missed, first]).when(escalate(0, 'unit')).thenNothing();
    spec
      .given([started, missed, first])
      .when(escalate(1, 'office'))
      .then([
        {
          type: 'DeadlineEscalated',
          data: { ...base, step: 1, level: 'office', recipients: [{ agency: 'lc-office', role: 'office_officer' }], at: '2026-03-25T00:00:00.000Z' },
        },
      ]);
  });

  it('records nothing for a paused or stopped clock', () => {
    spec.given([started, paused]).when({ kind: 'RecordMiss', at: '2026-04-01T00:00:00.000Z' }).thenNothing();
    spec.given([started, paused]).when({ kind: 'RecordReminder', at: '2026-04-01T00:00:00.000Z', index: 0, recipients: [] }).thenNothing();
    spec.given([started, stopped]).when({ kind: 'RecordMiss', at: '2026-04-01T00:00:00.000Z' }).thenNothing();
    spec.given([started, missed, stopped]).when(escalate(0, 'unit')).thenNothing();
  });

  it('carries the field the due time came from and the years counted without a calendar; a paused clock is not started again', () => {
    spec
      .given([])
      .when({ ...start, dueFrom: 'deadline', calendarGaps: [2027] })
      .then([{ type: 'ClockStarted', data: { ...started.data, dueFrom: 'deadline', calendarGaps: [2027] } }]);
    spec
      .given([started, paused])
      .when({ ...start, trigger: trigger(9) })
      .thenNothing();
  });

  it('at the due time exactly, a stop is met and the miss is recorded; a paused clock past its old due time stops as met', () => {
    const stop: ClockCommand = { kind: 'StopClock', at: start.dueAt, cancelled: false, trigger: trigger(3) };
    spec
      .given([started])
      .when(stop)
      .then([{ type: 'ClockStopped', data: { ...stopped.data, stoppedAt: start.dueAt, outcome: 'met' } }]);
    spec
      .given([started, paused])
      .when({ ...stop, at: '2026-03-25T00:00:00.000Z' })
      .then([{ type: 'ClockStopped', data: { ...stopped.data, stoppedAt: '2026-03-25T00:00:00.000Z', outcome: 'met' } }]);
    spec
      .given([started])
      .when({ kind: 'RecordMiss', at: start.dueAt })
      .then([{ type: 'DeadlineMissed', data: { ...base, missedAt: start.dueAt } }]);
  });

  it("the miss names the unit's region when it is known; no reminder is recorded after the miss", () => {
    spec
      .given([started])
      .when({ kind: 'RecordMiss', at: '2026-03-20T16:00:05.000Z', jurisdiction: '350502' })
      .then([{ type: 'DeadlineMissed', data: { ...base, jurisdiction: '350502', missedAt: '2026-03-20T16:00:05.000Z' } } as ClockEvent]);
    spec.given([started, missed]).when({ kind: 'RecordReminder', at: '2026-03-21T00:00:00.000Z', index: 1, recipients: [] }).thenNothing();
  });

  it('refuses a due time that is not an instant', () => {
    spec
      .given([])
      .when({ ...start, dueAt: 'soon' })
      .thenThrows(/not an ISO instant/);
  });
});

describe('clock commands the decider does not know', () => {
  it('given any state, when a command of an unknown kind comes, then it is refused naming it', () => {
    expect(() => clockDecider.decide({ kind: 'Bogus' } as never, clockDecider.initialState())).toThrow(/^Unhandled clock command: .*Bogus/);
  });
});
