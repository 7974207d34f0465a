/**
 * What cases sends to another deployment (libs/contracts/src/federation-contract-events.ts), built purely from this
 * deployment's own streams as they stood at the event that caused the message, so a retried handler builds the same
 * message; and the ids a receiver derives from a message, so a redelivery opens nothing twice. Nothing here reads an
 * informant: the case and triage streams hold none (intake keeps the informant, sealed).
 */
import type {
  CaseEscalatedToCityData,
  CaseOrigin,
  CaseEventBody,
  CityMeetingDecidedData,
  DomainActor,
  LeadReferredAcrossData,
  MeetingDecisionAppliedData,
} from '@jm/contracts';
import type { OpenedCaseState } from '../case/case';
import { derivedId } from '../common/command-support';
import type { TriageState } from '../triage/triage';

/** The city's record of a district case escalated from another deployment: the same id on every redelivery. */
/**
 * The city's record of one escalation: derived from the sender, the district's case and the district's escalation
 * event (the message's cause), so a redelivery opens nothing twice and a case escalated again (after the city
 * meeting asked for further investigation) gets a record of its own.
 */
export const escalatedCaseId = (sender: string, districtCaseId: string, escalationEventId: string): string =>
  derivedId('fed-case', `${sender}:${districtCaseId}:${escalationEventId}`);

/** The upper level's triage of a lead referred up from another deployment. */
export const referredLeadId = (sender: string, leadId: string): string => derivedId('fed-lead', `${sender}:${leadId}`);

/** A case event as stored: its body and when it was recorded. */
export type DatedCaseEvent = CaseEventBody & { time: string };

/** The escalation of a district case: its facts, what its units found, the authority's opinions and the district meeting's decision. */
export function escalationMessage(
  state: OpenedCaseState,
  history: readonly DatedCaseEvent[],
  escalation: { cityOffice: string; question: string; districtMeetingId: string },
): CaseEscalatedToCityData {
  const f = state.facts;
  const findings: CaseOrigin['findings'] = [];
  const opinions: CaseOrigin['opinions'] = [];
  let districtMeeting: CaseOrigin['districtMeeting'] = { meetingId: escalation.districtMeetingId, text: '' };
  for (const event of history) {
    if (event.type === 'FindingRecorded') {
      const { by, text, amountYuan, participants } = event.data;
      findings.push({ by, at: event.time, text, ...(amountYuan ? { amountYuan } : {}), ...(participants !== undefined ? { participants } : {}) });
    } else if (event.type === 'DeterminationOpinionIssued') {
      const { authority, conclusion, disputed, text } = event.data;
      opinions.push({ authority, conclusion, disputed, text });
    } else if (event.type === 'ReferredToDistrictMeeting' && event.data.meetingId === escalation.districtMeetingId) {
      districtMeeting = { ...districtMeeting, question: event.data.question };
    } else if (event.type === 'MeetingDecisionApplied' && isEscalationBy(event.data, escalation.districtMeetingId)) {
      districtMeeting = {
        ...districtMeeting,
        ...(event.data.meetingTitle ? { meetingTitle: event.data.meetingTitle } : {}),
        text: event.data.text,
      };
    }
  }
  return {
    caseId: f.caseId,
    caseNo: f.caseNo,
    office: f.office,
    districtMeeting,
    question: escalation.question,
    findings,
    opinions,
    title: f.title,
    category: f.category,
    field: f.field,
    jurisdiction: f.jurisdiction,
    ...(f.street ? { street: f.street } : {}),
    cityOffice: escalation.cityOffice,
    leadUnit: f.leadUnit,
    cooperatingUnits: f.cooperatingUnits,
    ...(f.amountYuan ? { amountYuan: f.amountYuan } : {}),
    ...(participantsOf(history) !== undefined ? { participants: participantsOf(history) } : {}),
    subjects: subjectsOf(history),
    matchKeys: matchKeysOf(history),
    keyFlags: f.keyFlags,
  };
}

function isEscalationBy(data: MeetingDecisionAppliedData, meetingId: string): boolean {
  return data.level === 'district' && data.decision === 'escalate' && data.meetingId === meetingId;
}

/** The latest participant count known (the opening's, or a later finding's). */
function participantsOf(history: readonly CaseEventBody[]): number | undefined {
  let participants: number | undefined;
  for (const event of history) {
    if ((event.type === 'CaseOpened' || event.type === 'FindingRecorded') && event.data.participants !== undefined)
      participants = event.data.participants;
  }
  return participants;
}

function opening(history: readonly CaseEventBody[]): Extract<CaseEventBody, { type: 'CaseOpened' }>['data'] | undefined {
  const first = history.find((e) => e.type === 'CaseOpened');
  return first?.type === 'CaseOpened' ? first.data : undefined;
}

const subjectsOf = (history: readonly CaseEventBody[]) => opening(history)?.subjects ?? [];
const matchKeysOf = (history: readonly CaseEventBody[]) => opening(history)?.matchKeys ?? [];

/** The city meeting's decision on a record of an escalation, for the deployment it came from. */
export function decisionMessage(
  cityCaseId: string,
  origin: { caseId: string },
  applied: MeetingDecisionAppliedData,
  decidedBy: DomainActor,
): CityMeetingDecidedData {
  return {
    caseId: origin.caseId,
    cityCaseId,
    meetingId: applied.meetingId,
    ...(applied.meetingTitle ? { meetingTitle: applied.meetingTitle } : {}),
    decision: applied.decision,
    ...(applied.conclusion ? { conclusion: applied.conclusion } : {}),
    text: applied.text,
    decidedBy,
  };
}

/** A lead referred up to an office of another deployment: the summary the office's triage needs. */
export function leadReferralMessage(
  state: Exclude<TriageState, { status: 'not_reported' }>,
  referral: { from: string; to: string; reason: string },
): LeadReferredAcrossData {
  return { leadId: state.leadId, from: referral.from, to: referral.to, reason: referral.reason, summary: state.summary };
}
