/** The audit anchors' contract events (stream `audit-anchors`, owned by reporting): every type is published as stored. */
import type { AuditAnchorChunkRecordedData, AuditAnchorRecordedData } from './audit-contracts';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';

export interface AuditAnchorEventDataByType {
  AuditAnchorChunkRecorded: AuditAnchorChunkRecordedData;
  AuditAnchorRecorded: AuditAnchorRecordedData;
}

export type AuditAnchorContractEventType = keyof AuditAnchorEventDataByType;
export type AuditAnchorContractEvent = ContractUnionOf<AuditAnchorEventDataByType>;

/** Required: the anchor id, and the heads a verifier reads (a missing number or string reads as absent). */
const v1 = version1Requiring('anchorId');

export const AUDIT_ANCHOR_CONTRACT: ContractSpec<AuditAnchorContractEvent> = {
  AuditAnchorChunkRecorded: v1('heads'),
  AuditAnchorRecorded: v1(),
};

export const AUDIT_ANCHOR_CONTRACT_EVENT_TYPES = contractTypes(AUDIT_ANCHOR_CONTRACT);
export const decodeAuditAnchorEvent = contractDecoder('audit-anchor', AUDIT_ANCHOR_CONTRACT);
