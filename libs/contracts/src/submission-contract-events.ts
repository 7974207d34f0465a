/**
 * The receipt stream's contract events (`submission-<receiptNo>`, owned by intake). The hash of the informant's
 * receipt secret stays in intake (it checks follow-ups against it): a receipt is published without it.
 */
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';

/** A receipt was issued for a public submission. */
export interface ReceiptIssuedData {
  receiptNo: string;
  leadId: string;
  /** The office that received the lead for the public. */
  office: string;
}

export interface SubmissionEventDataByType {
  ReceiptIssued: ReceiptIssuedData;
}

export type SubmissionContractEventType = keyof SubmissionEventDataByType;
export type SubmissionContractEvent = ContractUnionOf<SubmissionEventDataByType>;

/** Required: the receipt number (readers look into nothing else that may be missing). */
const v1 = version1Requiring('receiptNo');

export const SUBMISSION_CONTRACT: ContractSpec<SubmissionContractEvent> = {
  ReceiptIssued: v1(),
};

export const SUBMISSION_CONTRACT_EVENT_TYPES = contractTypes(SUBMISSION_CONTRACT);
export const decodeSubmissionEvent = contractDecoder('submission', SUBMISSION_CONTRACT);
