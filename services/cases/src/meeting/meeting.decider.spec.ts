/** Every transition of a joint meeting and every refusal, given/when/then. */
import { DomainRuleError, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { deciderSpec } from '@jm/event-sourcing/testing';
import { cityConvener, cityOfficeOfficer, convener, fzOfficeOfficer, market, officeOfficer } from '../testing/fixtures';
import type { MeetingCommand } from './meeting.commands';
import { meetingDecider } from './meeting.decider';
import type { MeetingEvent } from './meeting.events';

const spec = deciderSpec(meetingDecider);
const at = '2026-03-10T02:00:00.000Z';

const scheduled: MeetingEvent = {
  type: 'MeetingScheduled',
  data: {
    meetingId: 'M1',
    level: 'district',
    kind: 'partial',
    scheduledFor: '2026-03-12T02:00:00.000Z',
    title: '区联席会议（部分成员）',
    office: 'lc-office',
    jurisdiction: '350502',
  },
};
const onAgenda: MeetingEvent = {
  type: 'CasePutOnAgenda',
  data: { meetingId: 'M1', office: 'lc-office', caseId: 'C1', question: 'determination', source: 'manual' },
};
const decided: MeetingEvent = {
  type: 'MeetingDecisionRecorded',
  data: {
    meetingId: 'M1',
    level: 'district',
    office: 'lc-office',
    caseId: 'C1',
    question: 'determination',
    decision: 'escalate',
    text: '提请市联席会议认定',
    decidedBy: convener,
  },
};
const closed: MeetingEvent = { type: 'MeetingClosed', data: { meetingId: 'M1' } };

const schedule: MeetingCommand = {
  kind: 'ScheduleMeeting',
  at,
  actor: officeOfficer,
  meetingId: 'M1',
  level: 'district',
  meetingKind: 'partial',
  scheduledFor: '2026-03-12T02:00:00.000Z',
  title: '区联席会议（部分成员）',
  office: 'lc-office',
};
const putOnAgenda: MeetingCommand = { kind: 'PutCaseOnAgenda', at, actor: officeOfficer, caseId: 'C1', question: 'determination' };
const decide: MeetingCommand = { kind: 'RecordDecision', at, actor: convener, caseId: 'C1', decision: 'escalate', text: '提请市联席会议认定' };
const close: MeetingCommand = { kind: 'CloseMeeting', at, actor: officeOfficer };

describe('meeting decider', () => {
  describe('ScheduleMeeting', () => {
    it('an office officer schedules a meeting of their own office at its level', () => {
      spec.given([]).when(schedule).then([scheduled]);
      spec
        .given([])
        .when({ ...schedule, actor: cityOfficeOfficer, office: 'qz-office', level: 'city', meetingKind: 'full' } as MeetingCommand)
        .then([
          {
            type: 'MeetingScheduled',
            data: { ...scheduled.data, level: 'city', kind: 'full', office: 'qz-office', jurisdiction: '350500' },
          } as MeetingEvent,
        ]);
    });
    it('refuses a member unit, another office, the wrong level and an empty title', () => {
      spec
        .given([])
        .when({ ...schedule, actor: market } as MeetingCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([])
        .when({ ...schedule, actor: fzOfficeOfficer } as MeetingCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([])
        .when({ ...schedule, level: 'city' } as MeetingCommand)
        .thenThrows(/district-level office/);
      spec
        .given([])
        .when({ ...schedule, title: ' ' } as MeetingCommand)
        .thenThrows(DomainRuleError);
    });
    it('refuses scheduling twice', () => {
      spec
        .given([scheduled])
        .when(schedule)
        .thenThrows(
          /ScheduleMeeting is not allowed: the joint meeting is scheduled; allowed from scheduled: PutCaseOnAgenda, RecordDecision, CloseMeeting/,
        );
    });
  });

  describe('PutCaseOnAgenda', () => {
    it('the convening office puts a case on the agenda, once', () => {
      spec.given([scheduled]).when(putOnAgenda).then([onAgenda]);
      spec.given([scheduled, onAgenda]).when(putOnAgenda).thenNothing();
      spec
        .given([scheduled, onAgenda])
        .when({ ...putOnAgenda, question: 'disposal' } as MeetingCommand)
        .thenNothing();
    });
    it('a referral from inside the region puts it there by the process manager', () => {
      const cityScheduled = {
        type: 'MeetingScheduled',
        data: { ...scheduled.data, level: 'city', office: 'qz-office', jurisdiction: '350500' },
      } as MeetingEvent;
      spec
        .given([cityScheduled])
        .when({ ...putOnAgenda, actor: convener, question: 'escalation', referralEventId: 'e-1' } as MeetingCommand)
        .then([
          {
            type: 'CasePutOnAgenda',
            data: { meetingId: 'M1', office: 'qz-office', caseId: 'C1', question: 'escalation', source: 'referral', referralEventId: 'e-1' },
          },
        ]);
    });
    it('refuses another office putting it on manually, and a referral from outside the region', () => {
      spec
        .given([scheduled])
        .when({ ...putOnAgenda, actor: fzOfficeOfficer } as MeetingCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([scheduled])
        .when({ ...putOnAgenda, actor: market } as MeetingCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([scheduled])
        .when({ ...putOnAgenda, actor: fzOfficeOfficer, referralEventId: 'e-2' } as MeetingCommand)
        .thenThrows(/cannot go before the joint meeting/);
    });
    it('is refused before scheduling and after closing', () => {
      spec
        .given([])
        .when(putOnAgenda)
        .thenThrows(/not_scheduled; allowed from not_scheduled: ScheduleMeeting/);
      spec.given([scheduled, closed]).when(putOnAgenda).thenThrows(InvalidTransitionError);
    });
  });

  describe('RecordDecision', () => {
    it('the convener records a decision about a case on the agenda', () => {
      spec.given([scheduled, onAgenda]).when(decide).then([decided]);
    });
    it('carries the conclusion when given', () => {
      spec
        .given([scheduled, onAgenda])
        .when({ ...decide, decision: 'determined', conclusion: 'illegal_fundraising', text: '认定为非法集资' } as MeetingCommand)
        .then([
          {
            type: 'MeetingDecisionRecorded',
            data: { ...decided.data, decision: 'determined', conclusion: 'illegal_fundraising', text: '认定为非法集资' },
          } as MeetingEvent,
        ]);
    });
    it('a repeat of the same decision does nothing; a different one is refused', () => {
      spec.given([scheduled, onAgenda, decided]).when(decide).thenNothing();
      spec
        .given([scheduled, onAgenda, decided])
        .when({ ...decide, decision: 'not_illegal' } as MeetingCommand)
        .thenThrows(/already decided "escalate"/);
    });
    it('refuses anyone but the convener of the convening office', () => {
      spec
        .given([scheduled, onAgenda])
        .when({ ...decide, actor: officeOfficer } as MeetingCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([scheduled, onAgenda])
        .when({ ...decide, actor: cityConvener } as MeetingCommand)
        .thenThrows(ForbiddenError);
      spec
        .given([scheduled, onAgenda])
        .when({ ...decide, actor: market } as MeetingCommand)
        .thenThrows(ForbiddenError);
    });
    it('refuses a case not on the agenda', () => {
      spec
        .given([scheduled, onAgenda])
        .when({ ...decide, caseId: 'C2' } as MeetingCommand)
        .thenThrows(/case C2 is not on the agenda of this meeting/);
      spec.given([scheduled]).when(decide).thenThrows(DomainRuleError);
    });
    it('refuses escalation from the city meeting, an empty text and a determination without its nature', () => {
      const citySchedule = {
        type: 'MeetingScheduled',
        data: { ...scheduled.data, level: 'city', office: 'qz-office', jurisdiction: '350500' },
      } as MeetingEvent;
      const cityAgenda = { type: 'CasePutOnAgenda', data: { ...onAgenda.data } } as MeetingEvent;
      spec
        .given([citySchedule, cityAgenda])
        .when({ ...decide, actor: cityConvener } as MeetingCommand)
        .thenThrows(/only a district joint meeting escalates/);
      spec
        .given([scheduled, onAgenda])
        .when({ ...decide, text: '' } as MeetingCommand)
        .thenThrows(DomainRuleError);
      spec
        .given([scheduled, onAgenda])
        .when({ ...decide, decision: 'determined' } as MeetingCommand)
        .thenThrows(/names the nature determined/);
    });
    it('is refused after the meeting closed and before it was scheduled', () => {
      spec
        .given([scheduled, onAgenda, closed])
        .when(decide)
        .thenThrows(/the joint meeting is closed; allowed from closed: nothing/);
      spec.given([]).when(decide).thenThrows(InvalidTransitionError);
    });
  });

  describe('CloseMeeting', () => {
    it('the convening office closes it', () => {
      spec.given([scheduled, onAgenda, decided]).when(close).then([closed]);
      spec
        .given([scheduled])
        .when({ ...close, actor: convener } as MeetingCommand)
        .then([closed]);
    });
    it('refuses another agency, and closing twice or before scheduling', () => {
      spec
        .given([scheduled])
        .when({ ...close, actor: market } as MeetingCommand)
        .thenThrows(ForbiddenError);
      spec.given([scheduled, closed]).when(close).thenThrows(InvalidTransitionError);
      spec.given([]).when(close).thenThrows(InvalidTransitionError);
    });
  });

  it('folds agenda and decisions', () => {
    const state = [scheduled, onAgenda, decided, closed].reduce(meetingDecider.evolve, meetingDecider.initialState());
    expect(state).toMatchObject({
      status: 'closed',
      agenda: [{ caseId: 'C1', question: 'determination' }],
      decisions: [{ caseId: 'C1', decision: 'escalate', by: 'lc-office-user' }],
    });
  });
});

describe('meeting commands the decider does not know', () => {
  it('given any state, when a command of an unknown kind comes, then it is refused naming it', () => {
    expect(() => meetingDecider.decide({ kind: 'Bogus' } as never, meetingDecider.initialState())).toThrow(/^Unhandled meeting command: .*Bogus/);
  });
});
