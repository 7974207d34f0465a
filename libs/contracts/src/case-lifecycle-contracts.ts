/**
 * Integration contract of the rest of the case stream (`case-<caseId>`) and of
 * the meeting stream (`meeting-<meetingId>`): the vocabulary (stable English
 * codes) and the data every lifecycle event carries. Cases' domain events are
 * declared from these shapes, so what reporting and notifications read cannot
 * drift from what cases writes. case-contracts.ts holds the events intake
 * relies on; this file holds the ones the read side needs besides.
 */
import type { ActivityCategory, KeyCaseFlag, RiskGrade, Yuan } from '@jm/reference';
import type { DomainActor } from './domain-actor';

/** Conclusion of a nature determination (性质认定): an activity category, or "not illegal". */
export type NatureConclusion = ActivityCategory | 'not_illegal';

export const FUNDS_MEASURES = ['monitor', 'freeze'] as const;
export type FundsMeasure = (typeof FUNDS_MEASURES)[number];

export const FUNDS_OUTCOMES = ['monitoring', 'frozen', 'declined'] as const;
export type FundsOutcome = (typeof FUNDS_OUTCOMES)[number];

export const MEETING_LEVELS = ['district', 'city'] as const;
export type MeetingLevel = (typeof MEETING_LEVELS)[number];

export const MEETING_KINDS = ['full', 'partial'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

/** What a meeting is asked about a case. */
export const AGENDA_QUESTIONS = ['determination', 'escalation', 'disposal'] as const;
export type AgendaQuestion = (typeof AGENDA_QUESTIONS)[number];

/** What a joint meeting can decide about a case on its agenda. */
export const MEETING_DECISIONS = ['determined', 'escalate', 'not_illegal', 'further_investigation'] as const;
export type MeetingDecision = (typeof MEETING_DECISIONS)[number];

export const ADMINISTRATIVE_MEASURES = ['warning_talk', 'order_rectify', 'seizure', 'supervised_refund', 'penalty'] as const;
export type AdministrativeMeasure = (typeof ADMINISTRATIVE_MEASURES)[number];

/** Steps that need a stability-risk assessment (社会稳定风险评估) first on a key or high-risk case. */
export const SENSITIVE_STEPS = ['transfer_to_police', 'seizure', 'supervised_refund', 'closure'] as const;
export type SensitiveStep = (typeof SENSITIVE_STEPS)[number];

export const STABILITY_RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type StabilityRiskLevel = (typeof STABILITY_RISK_LEVELS)[number];

/** Which body settled a case's nature. */
export type DeterminingBody = 'district_meeting' | 'city_meeting' | 'authority';

interface CaseData {
  caseId: string;
}
interface ByAgency {
  /** Agency code of the unit that acted. */
  by: string;
}
/** The meeting's title, for timelines; absent on events stored before it was added (read as they are, no upcaster needed). */
interface MeetingTitle {
  meetingTitle?: string;
}

export type JointInvestigationTeamFormedData = CaseData & ByAgency & { leader: string; members: string[] };
export type FindingRecordedData = CaseData & ByAgency & { text: string; amountYuan?: Yuan; participants?: number };
export type FundsMonitoringRequestedData = CaseData & ByAgency & { requestId: string; to: string; measure: FundsMeasure; accounts: string[] };
export type FundsMonitoringAnsweredData = CaseData & ByAgency & { requestId: string; outcome: FundsOutcome; frozenAmountYuan?: Yuan; note: string };
export type DeterminationRequestedData = CaseData & ByAgency & { authority: string; authorityName?: string };
export type DeterminationOpinionIssuedData = CaseData & { authority: string; conclusion: NatureConclusion; disputed: boolean; text: string };
export type ReferredToDistrictMeetingData = CaseData & ByAgency & MeetingTitle & { meetingId: string; question: string };
/**
 * `cityDeployment`: the city office is served by that other deployment (federation), which chooses the meeting; then
 * `meetingId` is not a meeting of this deployment but `deployment:<id>` (the field stays, for readers that require it).
 */
export type EscalatedToCityMeetingData = CaseData &
  ByAgency &
  MeetingTitle & { meetingId: string; districtMeetingId: string; question: string; cityDeployment?: string };
/** A joint meeting's decision on this case; `by` is the convener's agency. */
export type MeetingDecisionAppliedData = CaseData &
  ByAgency &
  MeetingTitle & { meetingId: string; level: MeetingLevel; decision: MeetingDecision; conclusion?: ActivityCategory; text: string };
/** The district office received the city meeting's decision back (决定反馈). */
export type DecisionReceivedFromCityData = CaseData &
  MeetingTitle & { meetingId: string; office: string; decision: MeetingDecision; conclusion?: ActivityCategory };
/** The nature is settled; `by` says which body settled it (the deciding agency is in `decidedBy`). */
export type NatureDeterminedData = CaseData & {
  conclusion: NatureConclusion;
  by: DeterminingBody;
  decidedBy: string;
  authority?: string;
  meetingId?: string;
};
export type AdministrativeMeasureTakenData = CaseData & ByAgency & { measure: AdministrativeMeasure; amountYuan?: Yuan; text: string };
/**
 * Which transfer of the case (1, 2, … in order), so each transfer runs a clock of its own; absent on events
 * stored before it was added, which read as transfer 1 (TRANSFER_WITHOUT_ORDINAL).
 */
interface TransferOrdinal {
  transfer?: number;
}
export const TRANSFER_WITHOUT_ORDINAL = 1;
export type TransferredToPoliceData = CaseData & ByAgency & TransferOrdinal & { police: string; deadline: string; reason: string };
/**
 * The grounds on which a case is exempt from the 2-year limit from filing to judgment and refund (seed 001, item 22):
 * led by another province (外省牵头办理), or approved as major and complex (重大复杂, naming who approved it).
 */
export const TWO_YEAR_EXEMPTION_GROUNDS = ['led_by_other_province', 'major_complex'] as const;
export type TwoYearExemptionGround = (typeof TWO_YEAR_EXEMPTION_GROUNDS)[number];
/** `twoYearLimitExempted`: the case was exempt when the police filed it (its 2-year clock does not start). */
export type TransferAcceptedByPoliceData = CaseData &
  TransferOrdinal & { police: string; filedOn: string; policeCaseNo?: string; twoYearLimitExempted?: TwoYearExemptionGround };
/** `office`: the case's office, which decides the next step (absent on events stored before it was added). */
export type TransferDeclinedByPoliceData = CaseData & TransferOrdinal & { police: string; reasons: string[]; office?: string };
export type ProsecutionRecordedData = CaseData & ByAgency & { text: string; defendants?: number };
export type JudgmentRecordedData = CaseData & ByAgency & { text: string; amountYuan?: Yuan };
/** The refund to participants is complete (完成资金清退). */
export type FundsRefundCompletedData = CaseData & ByAgency & { text: string };
/** Judgment and refund are both done (审判终结并完成资金清退): recorded with the later of the two; it stops the 2-year clock. */
export type CriminalCaseConcludedData = CaseData & ByAgency;
/** The case is exempt from the 2-year limit; `approvedBy` names who approved a major and complex case. */
export type TwoYearLimitExemptedData = CaseData & ByAgency & { ground: TwoYearExemptionGround; approvedBy?: string; reason: string };
export type FundsRecoveredData = CaseData & ByAgency & { amountYuan: Yuan; text?: string };
export type VictimClaimsRecordedData = CaseData & ByAgency & { claimants: number; amountYuan: Yuan; text?: string };
export type PetitionRecordedData = CaseData & ByAgency & { petitioners: number; text: string };
export type StabilityRiskAssessedData = CaseData & ByAgency & { level: StabilityRiskLevel; beforeStep: SensitiveStep; text: string };
/** `from` is absent the first time a grade is set. */
export type RiskGradeChangedData = CaseData & ByAgency & { from?: RiskGrade; to: RiskGrade; reason: string };
/** `automatic` when the decider set it from the facts (amount, cross-region party), not an officer. */
export type KeyCaseFlagSetData = CaseData & ByAgency & { flag: KeyCaseFlag; reason: string; automatic: boolean };
export type KeyCaseFlagClearedData = CaseData & ByAgency & { flag: KeyCaseFlag; reason: string };
export type ClosureRequestedData = CaseData & ByAgency & { summary: string };
export type ClosureRejectedData = CaseData & ByAgency & { reason: string };

/** Triage stream events beside the ones intake relies on (case-contracts.ts). */
export interface VerificationStartedData {
  leadId: string;
  unit: string;
  startedAt: string;
}

export interface MeetingScheduledData {
  meetingId: string;
  level: MeetingLevel;
  kind: MeetingKind;
  scheduledFor: string;
  title: string;
  /** The office that convenes it. */
  office: string;
  /** The office's region: referrals from offices inside it are accepted. */
  jurisdiction: string;
}

export interface CasePutOnAgendaData {
  meetingId: string;
  /** The convening office (it may see the case from now on). */
  office: string;
  caseId: string;
  question: AgendaQuestion;
  /** manual: the meeting's office put it there; referral: a case event (its id) asked for it. */
  source: 'manual' | 'referral';
  referralEventId?: string;
}

export interface MeetingDecisionRecordedData {
  meetingId: string;
  level: MeetingLevel;
  office: string;
  caseId: string;
  question: AgendaQuestion;
  decision: MeetingDecision;
  /** The nature determined (an activity category code); required with decision "determined". */
  conclusion?: ActivityCategory;
  text: string;
  /** The convener who recorded it: the case is moved in their name. */
  decidedBy: DomainActor;
}

export interface MeetingClosedData {
  meetingId: string;
}
