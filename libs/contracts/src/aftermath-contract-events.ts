/**
 * The aftermath register's contract (`aftermath-<caseId>`, owned by cases): the
 * participants and victims of a case (集资参与人/受害人), their claims and the
 * refunds paid to each, and petitions referred, supervised and closed
 * (转办 → 督办 → 闭环). Published events carry person ids, amounts and dates,
 * never an identity: the sealed identity is in a stored event of its own,
 * AftermathIdentitySealed, published without it (the person id only).
 */
import type { Label, LabelTable, Yuan } from '@jm/reference';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';

export const AFTERMATH_STREAM_PREFIX = 'aftermath-';
export const toAftermathStreamId = (caseId: string): string => `${AFTERMATH_STREAM_PREFIX}${caseId}`;

export const AFTERMATH_ROLES = ['participant', 'victim'] as const;
export type AftermathRole = (typeof AFTERMATH_ROLES)[number];

interface AftermathData {
  caseId: string;
  /** Agency code of the unit that acted. */
  by: string;
}

export type AftermathPersonRegisteredData = AftermathData & { personId: string; role: AftermathRole };
/** Published without the sealed identity the stored event carries (cases' AftermathIdentitySealed). */
export type AftermathIdentitySealedData = { caseId: string; personId: string };
export type AftermathClaimRegisteredData = AftermathData & { personId: string; claimId: string; amountYuan: Yuan; date: string; text?: string };
/** `overClaimReason`: why a refund takes the person's refunds past their registered claims (refused without one). */
export type AftermathRefundRecordedData = AftermathData & {
  personId: string;
  refundId: string;
  amountYuan: Yuan;
  date: string;
  overClaimReason?: string;
};
export type AftermathPetitionReferredData = AftermathData & { petitionId: string; personIds: string[]; referredTo: string; text: string };
export type AftermathPetitionSupervisedData = AftermathData & { petitionId: string; note: string };
export type AftermathPetitionClosedData = AftermathData & { petitionId: string; outcome: string };
export type AftermathIdentityShreddedData = AftermathData & { personId: string; reason: string };

export interface AftermathEventDataByType {
  AftermathPersonRegistered: AftermathPersonRegisteredData;
  AftermathIdentitySealed: AftermathIdentitySealedData;
  AftermathClaimRegistered: AftermathClaimRegisteredData;
  AftermathRefundRecorded: AftermathRefundRecordedData;
  AftermathPetitionReferred: AftermathPetitionReferredData;
  AftermathPetitionSupervised: AftermathPetitionSupervisedData;
  AftermathPetitionClosed: AftermathPetitionClosedData;
  AftermathIdentityShredded: AftermathIdentityShreddedData;
}

export type AftermathContractEventType = keyof AftermathEventDataByType;
export type AftermathContractEvent = ContractUnionOf<AftermathEventDataByType>;

const v1 = version1Requiring('caseId');

export const AFTERMATH_CONTRACT: ContractSpec<AftermathContractEvent> = {
  AftermathPersonRegistered: v1('personId', 'role'),
  AftermathIdentitySealed: v1('personId'),
  AftermathClaimRegistered: v1('personId', 'amountYuan'),
  AftermathRefundRecorded: v1('personId', 'amountYuan'),
  AftermathPetitionReferred: v1('petitionId'),
  AftermathPetitionSupervised: v1('petitionId'),
  AftermathPetitionClosed: v1('petitionId'),
  AftermathIdentityShredded: v1('personId'),
};

export const AFTERMATH_CONTRACT_EVENT_TYPES = contractTypes(AFTERMATH_CONTRACT);
export const decodeAftermathEvent = contractDecoder('aftermath', AFTERMATH_CONTRACT);

export const AFTERMATH_ROLE_LABELS: LabelTable<AftermathRole> = {
  participant: { 'zh-CN': '集资参与人', en: 'participant' },
  victim: { 'zh-CN': '受害人', en: 'victim' },
};

/** Labels of the register's events. */
export const AFTERMATH_EVENT_LABELS: Record<AftermathContractEventType, Label> = {
  AftermathPersonRegistered: { 'zh-CN': '登记集资参与人/受害人', en: 'Aftermath person registered' },
  AftermathIdentitySealed: { 'zh-CN': '加密保存身份信息', en: 'Identity sealed' },
  AftermathClaimRegistered: { 'zh-CN': '登记债权申报', en: 'Claim registered' },
  AftermathRefundRecorded: { 'zh-CN': '登记资金清退', en: 'Refund recorded' },
  AftermathPetitionReferred: { 'zh-CN': '信访转办', en: 'Petition referred' },
  AftermathPetitionSupervised: { 'zh-CN': '信访督办', en: 'Petition supervised' },
  AftermathPetitionClosed: { 'zh-CN': '信访闭环', en: 'Petition closed' },
  AftermathIdentityShredded: { 'zh-CN': '销毁身份密钥', en: 'Identity shredded' },
};
