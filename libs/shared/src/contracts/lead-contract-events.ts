/** The lead stream's contract events (`lead-<leadId>`, owned by intake): every type of the stream is published. */
import { ContractEvent, ContractSpec, contractDecoder, contractTypes } from './contract-event';
import type {
  InformantIdentityShreddedData,
  LeadLinkConfirmedData,
  LeadLinkedData,
  LeadLinkUndoneData,
  LeadReceivedData,
  LeadReportedToOfficeData,
  LeadSupplementedData,
} from './lead-contracts';

export interface LeadEventDataByType {
  LeadReceived: LeadReceivedData;
  LeadReportedToOffice: LeadReportedToOfficeData;
  LeadSupplemented: LeadSupplementedData;
  LeadLinked: LeadLinkedData;
  LeadLinkConfirmed: LeadLinkConfirmedData;
  LeadLinkUndone: LeadLinkUndoneData;
  InformantIdentityShredded: InformantIdentityShreddedData;
}

export type LeadContractEventType = keyof LeadEventDataByType;
export type LeadContractEvent = { [K in LeadContractEventType]: ContractEvent<K, LeadEventDataByType[K], 1> }[LeadContractEventType];

const v1 = (...required: string[]) => ({ version: 1, required: ['leadId', ...required] });

export const LEAD_CONTRACT: ContractSpec<LeadContractEvent> = {
  LeadReceived: v1('receiptNo', 'title', 'category', 'field', 'source', 'channel', 'jurisdiction', 'receivedBy', 'receivedAt', 'subjects', 'office', 'reportDeadline'),
  LeadReportedToOffice: v1('office', 'reportedBy', 'reportedAt', 'deadline'),
  LeadSupplemented: v1('evidence'),
  LeadLinked: v1('target'),
  LeadLinkConfirmed: v1('target'),
  LeadLinkUndone: v1('target'),
  InformantIdentityShredded: v1(),
};

export const LEAD_CONTRACT_EVENT_TYPES = contractTypes(LEAD_CONTRACT);
export const decodeLeadEvent = contractDecoder('lead', LEAD_CONTRACT);
