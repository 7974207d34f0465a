/** The joint-meeting stream's contract events (`meeting-<meetingId>`, owned by cases): every type is published. */
import type { CasePutOnAgendaData, MeetingClosedData, MeetingDecisionRecordedData, MeetingScheduledData } from './case-lifecycle-contracts';
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';

export interface MeetingEventDataByType {
  MeetingScheduled: MeetingScheduledData;
  CasePutOnAgenda: CasePutOnAgendaData;
  MeetingDecisionRecorded: MeetingDecisionRecordedData;
  MeetingClosed: MeetingClosedData;
}

export type MeetingContractEventType = keyof MeetingEventDataByType;
export type MeetingContractEvent = ContractUnionOf<MeetingEventDataByType>;

/** Required: the meeting id (readers look into nothing else that may be missing). */
const v1 = version1Requiring('meetingId');

export const MEETING_CONTRACT: ContractSpec<MeetingContractEvent> = {
  MeetingScheduled: v1(),
  CasePutOnAgenda: v1(),
  MeetingDecisionRecorded: v1(),
  MeetingClosed: v1(),
};

export const MEETING_CONTRACT_EVENT_TYPES = contractTypes(MEETING_CONTRACT);
export const decodeMeetingEvent = contractDecoder('meeting', MEETING_CONTRACT);
