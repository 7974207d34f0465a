/**
 * Every published contract event, and the decoder of the types a reader
 * declares it handles (a projection that follows several stream categories).
 * A type name belongs to one category only.
 */
import type { AccessContractEvent } from './access-contract-events';
import type { AnalysisContractEvent } from './analysis-contract-events';
import { ANALYSIS_CONTRACT } from './analysis-contract-events';
import type { AccountContractEvent, AgencySecurityContractEvent, SignInLogContractEvent } from './account-contract-events';
import { ACCOUNT_CONTRACT, AGENCY_SECURITY_CONTRACT, SIGN_IN_LOG_CONTRACT } from './account-contract-events';
import type { AftermathContractEvent } from './aftermath-contract-events';
import { AFTERMATH_CONTRACT } from './aftermath-contract-events';
import { ACCESS_CONTRACT } from './access-contract-events';
import type { AuditAnchorContractEvent } from './audit-anchor-contract-events';
import { AUDIT_ANCHOR_CONTRACT } from './audit-anchor-contract-events';
import type { CaseContractEvent } from './case-contract-events';
import { CASE_CONTRACT } from './case-contract-events';
import { ContractDecoder, ContractEvent, ContractSpec, ContractTypeSpec, contractDecoder } from './contract-event';
import type { DeadlineContractEvent, ObligationContractEvent } from './deadline-contract-events';
import { DEADLINE_CONTRACT, OBLIGATION_CONTRACT } from './deadline-contract-events';
import type { LeadContractEvent } from './lead-contract-events';
import { LEAD_CONTRACT } from './lead-contract-events';
import type { MeetingContractEvent } from './meeting-contract-events';
import { MEETING_CONTRACT } from './meeting-contract-events';
import type { ChannelChoiceContractEvent, NotificationContractEvent } from './notification-contract-events';
import { CHANNEL_CHOICE_CONTRACT, NOTIFICATION_CONTRACT } from './notification-contract-events';
import type { RoutingContractEvent } from './routing-contract-events';
import { ROUTING_CONTRACT } from './routing-contract-events';
import type { SubmissionContractEvent } from './submission-contract-events';
import { SUBMISSION_CONTRACT } from './submission-contract-events';

export type PublishedEvent =
  | LeadContractEvent
  | RoutingContractEvent
  | CaseContractEvent
  | MeetingContractEvent
  | AftermathContractEvent
  | DeadlineContractEvent
  | ObligationContractEvent
  | AccessContractEvent
  | SubmissionContractEvent
  | NotificationContractEvent
  | ChannelChoiceContractEvent
  | AuditAnchorContractEvent
  | AccountContractEvent
  | AgencySecurityContractEvent
  | SignInLogContractEvent
  | AnalysisContractEvent;
export type PublishedEventType = PublishedEvent['type'];
/** The published events of some types. */
export type PublishedEventOf<T extends PublishedEventType> = Extract<PublishedEvent, { type: T }>;

const CATEGORIES: Record<string, ContractSpec<ContractEvent>> = {
  lead: LEAD_CONTRACT,
  routing: ROUTING_CONTRACT,
  case: CASE_CONTRACT,
  meeting: MEETING_CONTRACT,
  aftermath: AFTERMATH_CONTRACT,
  deadline: DEADLINE_CONTRACT,
  obligation: OBLIGATION_CONTRACT,
  access: ACCESS_CONTRACT,
  submission: SUBMISSION_CONTRACT,
  notification: NOTIFICATION_CONTRACT,
  'channel-choice': CHANNEL_CHOICE_CONTRACT,
  'audit-anchor': AUDIT_ANCHOR_CONTRACT,
  account: ACCOUNT_CONTRACT,
  'agency-security': AGENCY_SECURITY_CONTRACT,
  'sign-in': SIGN_IN_LOG_CONTRACT,
  analysis: ANALYSIS_CONTRACT,
};

const SPECS = new Map<string, ContractTypeSpec>();
for (const [category, spec] of Object.entries(CATEGORIES)) {
  for (const [type, typeSpec] of Object.entries(spec)) {
    if (SPECS.has(type)) throw new Error(`contract event type ${type} of ${category} is declared by another category too`);
    SPECS.set(type, typeSpec);
  }
}

/** The decoder of the declared published types, for one reader; it refuses every other type. */
export function publishedDecoder<T extends PublishedEventType>(reader: string, types: readonly T[]): ContractDecoder<PublishedEventOf<T>> {
  const spec = {} as Record<string, ContractTypeSpec>;
  for (const type of types) {
    const typeSpec = SPECS.get(type);
    if (!typeSpec) throw new Error(`${reader}: ${type} is not a published event type`);
    spec[type] = typeSpec;
  }
  return contractDecoder(reader, spec as ContractSpec<PublishedEventOf<T>>);
}
