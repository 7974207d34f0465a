/** Request bodies and the list query of the joint-meeting API. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateTime, PageQuery, Optional } from '@jm/platform';
import { ACTIVITY_CATEGORY_CODES, ActivityCategory } from '@jm/reference';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Text } from '../common/dto-rules';
import {
  AGENDA_QUESTIONS,
  AgendaQuestion,
  MEETING_DECISIONS,
  MEETING_KINDS,
  MEETING_LEVELS,
  MeetingDecision,
  MeetingKind,
  MeetingLevel,
} from './meeting.events';

export class ScheduleMeetingDto {
  @ApiProperty({ enum: MEETING_LEVELS })
  @IsIn(MEETING_LEVELS, { message: `level: one of ${MEETING_LEVELS.join(', ')}` })
  level!: MeetingLevel;

  @ApiProperty({ enum: MEETING_KINDS, description: 'full: all members; partial: some members (全体或部分成员)' })
  @IsIn(MEETING_KINDS, { message: `kind: one of ${MEETING_KINDS.join(', ')}` })
  kind!: MeetingKind;

  @ApiProperty({ example: '2026-03-12T02:00:00.000Z' })
  @DateTime({ message: 'scheduledFor: an RFC 3339 date-time with its offset, e.g. 2026-03-12T02:00:00.000Z' })
  scheduledFor!: string;

  @ApiProperty({ example: '鲤城区打击非法金融活动联席会议（2026年第1次）' })
  @Text(200)
  title!: string;
}

export class PutCaseOnAgendaDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString({ message: 'caseId: the case id' })
  @IsNotEmpty({ message: 'caseId: the case id' })
  @MaxLength(100, { message: 'caseId: the case id' })
  caseId!: string;

  @ApiProperty({ enum: AGENDA_QUESTIONS })
  @IsIn(AGENDA_QUESTIONS, { message: `question: one of ${AGENDA_QUESTIONS.join(', ')}` })
  question!: AgendaQuestion;
}

export class RecordDecisionDto {
  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString({ message: 'caseId: the case id' })
  @IsNotEmpty({ message: 'caseId: the case id' })
  @MaxLength(100, { message: 'caseId: the case id' })
  caseId!: string;

  @ApiProperty({ enum: MEETING_DECISIONS })
  @IsIn(MEETING_DECISIONS, { message: `decision: one of ${MEETING_DECISIONS.join(', ')}` })
  decision!: MeetingDecision;

  @ApiPropertyOptional({ enum: ACTIVITY_CATEGORY_CODES, description: 'The nature determined; required with decision "determined".' })
  @Optional()
  @IsIn(ACTIVITY_CATEGORY_CODES, { message: `conclusion: one of ${ACTIVITY_CATEGORY_CODES.join(', ')}` })
  conclusion?: ActivityCategory;

  @ApiProperty({ description: 'The decision as minuted (会议纪要).' })
  @Text(4000)
  text!: string;
}

export const MEETING_STATUSES = ['scheduled', 'closed'] as const;
export type MeetingListStatus = (typeof MEETING_STATUSES)[number];

export class ListMeetingsQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @Optional()
  @IsIn(MEETING_STATUSES, { message: `status: one of ${MEETING_STATUSES.join(', ')}` })
  status?: MeetingListStatus;

  @ApiPropertyOptional({ enum: MEETING_LEVELS })
  @Optional()
  @IsIn(MEETING_LEVELS, { message: `level: one of ${MEETING_LEVELS.join(', ')}` })
  level?: MeetingLevel;
}
