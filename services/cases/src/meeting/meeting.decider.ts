/**
 * Decides a joint meeting (stream `meeting-<meetingId>`). Only an officer of an
 * office at the meeting's level schedules it; only the convener of that office
 * records decisions, and only about cases on its agenda ("a meeting decides
 * only what it was asked to decide"); after closing it decides nothing.
 */
import { DomainActor, hasRole } from '@jm/contracts';
import { assertNever, Decider, DomainRuleError, ForbiddenError, InvalidTransitionError } from '@jm/event-sourcing';
import { regionContains } from '@jm/reference';
import type { MeetingCommand, MeetingCommandKind } from './meeting.commands';
import type { MeetingEvent } from './meeting.events';
import { evolveMeeting, initialMeetingState, MeetingState, MeetingStatus } from './meeting';

export const MEETING_ALLOWED_COMMANDS: Readonly<Record<MeetingStatus, readonly MeetingCommandKind[]>> = {
  not_scheduled: ['ScheduleMeeting'],
  scheduled: ['PutCaseOnAgenda', 'RecordDecision', 'CloseMeeting'],
  closed: [],
};

function refuse(command: MeetingCommand, state: MeetingState): never {
  throw new InvalidTransitionError('joint meeting', command.kind, state.status, MEETING_ALLOWED_COMMANDS[state.status]);
}

function isOfficeStaff(actor: DomainActor, office: string): boolean {
  return actor.agency === office && hasRole(actor, 'office_officer', 'convener');
}

export function decideMeeting(command: MeetingCommand, state: MeetingState): MeetingEvent[] {
  switch (command.kind) {
    case 'ScheduleMeeting': {
      if (state.status !== 'not_scheduled') return refuse(command, state);
      const { actor } = command;
      if (actor.agencyKind !== 'office' || actor.agency !== command.office || !hasRole(actor, 'office_officer', 'convener')) {
        throw new ForbiddenError(
          `only an officer of the convening office ${command.office} schedules its joint meeting; you act for ${actor.agency}`,
        );
      }
      if (actor.level !== command.level) {
        throw new ForbiddenError(
          `${actor.agency} is a ${actor.level}-level office and convenes ${actor.level} joint meetings, not ${command.level} ones`,
        );
      }
      if (command.title.trim().length === 0) throw new DomainRuleError('a joint meeting needs a title');
      return [
        {
          type: 'MeetingScheduled',
          data: {
            meetingId: command.meetingId,
            level: command.level,
            kind: command.meetingKind,
            scheduledFor: command.scheduledFor,
            title: command.title,
            office: command.office,
            jurisdiction: actor.jurisdiction,
          },
        },
      ];
    }
    case 'PutCaseOnAgenda': {
      if (state.status !== 'scheduled') return refuse(command, state);
      const { actor } = command;
      if (command.referralEventId === undefined) {
        if (!isOfficeStaff(actor, state.office)) {
          throw new ForbiddenError(
            `only the convening office ${state.office} puts cases on its agenda; other offices refer or escalate the case instead`,
          );
        }
      } else if (!regionContains(state.jurisdiction, actor.jurisdiction)) {
        // The case stream already checked who may refer; here only that the referral comes from inside this meeting's region.
        throw new ForbiddenError(
          `a case referred from ${actor.agency} (${actor.jurisdiction}) cannot go before the joint meeting of ${state.office} (${state.jurisdiction})`,
        );
      }
      // Idempotent per case: a redelivered referral, or the office adding what a referral already added.
      if (state.agenda.some((item) => item.caseId === command.caseId)) return [];
      return [
        {
          type: 'CasePutOnAgenda',
          data: {
            meetingId: state.meetingId,
            office: state.office,
            caseId: command.caseId,
            question: command.question,
            source: command.referralEventId === undefined ? 'manual' : 'referral',
            ...(command.referralEventId !== undefined ? { referralEventId: command.referralEventId } : {}),
          },
        },
      ];
    }
    case 'RecordDecision': {
      if (state.status !== 'scheduled') return refuse(command, state);
      const { actor } = command;
      if (actor.agency !== state.office || !hasRole(actor, 'convener')) {
        throw new ForbiddenError(
          `only the convener (召集人) of ${state.office} records this joint meeting's decisions; you act for ${actor.agency} as ${actor.roles.join(', ') || 'no role'}`,
        );
      }
      const item = state.agenda.find((a) => a.caseId === command.caseId);
      if (!item) {
        const on = state.agenda.map((a) => a.caseId);
        throw new DomainRuleError(
          `case ${command.caseId} is not on the agenda of this meeting, which decides only what it was asked: ${on.length ? on.join(', ') : 'its agenda is empty'}`,
        );
      }
      const previous = state.decisions.find((d) => d.caseId === command.caseId);
      if (previous) {
        if (previous.decision === command.decision && previous.text === command.text && previous.conclusion === command.conclusion) return [];
        throw new DomainRuleError(`the meeting already decided "${previous.decision}" on case ${command.caseId}; a new question needs a new meeting`);
      }
      if (command.decision === 'escalate' && state.level !== 'district') {
        throw new DomainRuleError('only a district joint meeting escalates a case (to the city joint meeting)');
      }
      if (command.text.trim().length === 0) throw new DomainRuleError('a decision needs its text (会议纪要)');
      if (command.decision === 'determined' && !command.conclusion) {
        throw new DomainRuleError('a "determined" decision names the nature determined (conclusion: an activity category code)');
      }
      return [
        {
          type: 'MeetingDecisionRecorded',
          data: {
            meetingId: state.meetingId,
            level: state.level,
            office: state.office,
            caseId: command.caseId,
            question: item.question,
            decision: command.decision,
            ...(command.conclusion ? { conclusion: command.conclusion } : {}),
            text: command.text,
            decidedBy: actor,
          },
        },
      ];
    }
    case 'CloseMeeting': {
      if (state.status !== 'scheduled') return refuse(command, state);
      if (!isOfficeStaff(command.actor, state.office)) {
        throw new ForbiddenError(`only the convening office ${state.office} closes its joint meeting; you act for ${command.actor.agency}`);
      }
      return [{ type: 'MeetingClosed', data: { meetingId: state.meetingId } }];
    }
    default:
      return assertNever(command, 'meeting command');
  }
}

export const meetingDecider: Decider<MeetingCommand, MeetingState, MeetingEvent> = {
  decide: decideMeeting,
  evolve: evolveMeeting,
  initialState: initialMeetingState,
};
