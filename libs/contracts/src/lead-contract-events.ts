/** The lead stream's contract events (`lead-<leadId>`, owned by intake): every type of the stream is published. */
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';
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
export type LeadContractEvent = ContractUnionOf<LeadEventDataByType>;

/** Required: the lead id, and the objects readers look into (a missing string reads as absent). */
const v1 = version1Requiring('leadId');

export const LEAD_CONTRACT: ContractSpec<LeadContractEvent> = {
  LeadReceived: v1(),
  LeadReportedToOffice: v1(),
  LeadSupplemented: v1(),
  LeadLinked: v1(),
  LeadLinkConfirmed: v1('target'),
  LeadLinkUndone: v1('target'),
  InformantIdentityShredded: v1(),
};

export const LEAD_CONTRACT_EVENT_TYPES = contractTypes(LEAD_CONTRACT);
export const decodeLeadEvent = contractDecoder('lead', LEAD_CONTRACT);
