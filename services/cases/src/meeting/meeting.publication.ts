/** What cases publishes of the joint-meeting stream (`meeting-<meetingId>`): every event as stored, with its contract version. */
import { MEETING_CONTRACT, MeetingContractEvent, publicationAsStored } from '@jm/contracts';
import type { MeetingEvent } from './meeting.events';

export const publishMeetingEvent: (event: MeetingEvent) => MeetingContractEvent | undefined = publicationAsStored(MEETING_CONTRACT);
