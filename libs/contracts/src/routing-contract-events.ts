/**
 * The triage stream's contract events (`routing-<leadId>`, owned by cases):
 * every type is published (the lead ledger counts each one in the stream's
 * version and last event).
 */
import type { LeadClosedUnfoundedData, LeadFoundedData, LeadReferredUpData, LeadRoutedData } from './case-contracts';
import type { VerificationStartedData } from './case-lifecycle-contracts';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';
import type { LeadSummary } from './lead-contracts';

/** The office learnt of the lead (from intake's LeadReportedToOffice): its triage is open. */
export interface TriageOpenedData {
  leadId: string;
  /** The office that owns the triage (the one intake reported the lead to). */
  office: string;
  summary: LeadSummary;
  /** The deadline intake applied to the report, when known. */
  deadline?: string;
  /** Set when another deployment referred the lead up here (逐级上报): its deployment, lead id and office. */
  origin?: { deployment: string; leadId: string; office: string };
}

export interface LinkedLeadNotedData {
  leadId: string;
  /** The other lead. */
  target: string;
  /** True once the office confirmed the match in intake. */
  confirmed: boolean;
}

export interface LinkedLeadRemovedData {
  leadId: string;
  target: string;
}

export interface RoutingEventDataByType {
  TriageOpened: TriageOpenedData;
  LinkedLeadNoted: LinkedLeadNotedData;
  LinkedLeadRemoved: LinkedLeadRemovedData;
  LeadRouted: LeadRoutedData;
  LeadReferredUp: LeadReferredUpData;
  VerificationStarted: VerificationStartedData;
  LeadClosedUnfounded: LeadClosedUnfoundedData;
  LeadFounded: LeadFoundedData;
}

export type RoutingContractEventType = keyof RoutingEventDataByType;
export type RoutingContractEvent = ContractUnionOf<RoutingEventDataByType>;

/** Required: the lead id (readers look into nothing else that may be missing). */
const v1 = version1Requiring('leadId');

export const ROUTING_CONTRACT: ContractSpec<RoutingContractEvent> = {
  TriageOpened: v1(),
  LinkedLeadNoted: v1(),
  LinkedLeadRemoved: v1(),
  LeadRouted: v1(),
  LeadReferredUp: v1(),
  VerificationStarted: v1(),
  LeadClosedUnfounded: v1(),
  LeadFounded: v1(),
};

export const ROUTING_CONTRACT_EVENT_TYPES = contractTypes(ROUTING_CONTRACT);
export const decodeRoutingEvent = contractDecoder('routing', ROUTING_CONTRACT);
