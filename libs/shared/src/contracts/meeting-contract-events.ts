/** The joint-meeting stream's contract events (`meeting-<meetingId>`, owned by cases): every type is published. */
import type { CasePutOnAgendaData, MeetingClosedData, MeetingDecisionRecordedData, MeetingScheduledData } from './case-lifecycle-contracts';
import { ContractEvent, ContractSpec, contractDecoder, contractTypes } from './contract-event';

export interface MeetingEventDataByType {
  MeetingScheduled: MeetingScheduledData;
  CasePutOnAgenda: CasePutOnAgendaData;
  MeetingDecisionRecorded: MeetingDecisionRecordedData;
  MeetingClosed: MeetingClosedData;
}

export type MeetingContractEventType = keyof MeetingEventDataByType;
export type MeetingContractEvent = { [K in MeetingContractEventType]: ContractEvent<K, MeetingEventDataByType[K], 1> }[MeetingContractEventType];

const v1 = (...required: string[]) => ({ version: 1, required: ['meetingId', ...required] });

export const MEETING_CONTRACT: ContractSpec<MeetingContractEvent> = {
  MeetingScheduled: v1('level', 'scheduledFor', 'title', 'office', 'jurisdiction'),
  CasePutOnAgenda: v1('office', 'caseId', 'question'),
  MeetingDecisionRecorded: v1('caseId', 'decision'),
  MeetingClosed: v1(),
};

export const MEETING_CONTRACT_EVENT_TYPES = contractTypes(MEETING_CONTRACT);
export const decodeMeetingEvent = contractDecoder('meeting', MEETING_CONTRACT);
