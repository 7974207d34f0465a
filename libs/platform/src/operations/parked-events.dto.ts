/** Requests and answers of the parked-events API (parked-events.controller.ts). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PARKED_STATUSES, ParkedStatus } from '@jm/bus';
import { Optional, Pattern } from '../nest/api-fields';
import { PageQuery } from '../nest/page-query';
import { ReadableText } from '../nest/readable-text';

/** A consumer group: the service's name behind an optional namespace (`staging.cases`). */
export const GROUP_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** An event id (a UUID) or an undecodable message's `invalid:<topic>:<partition>:<offset>`. */
export const PARKED_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;
/** An event type, or `(invalid message)`. */
const EVENT_TYPE_PATTERN = /^[A-Za-z0-9()][A-Za-z0-9 ()._-]{0,199}$/;
/** The longest reason a discard keeps. */
export const DISCARD_REASON_MAX = 500;

export class ListParkedQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ example: 'cases', description: 'Only this consumer group' })
  @Optional()
  @Pattern(GROUP_PATTERN, 'group: a consumer group, e.g. cases or staging.cases')
  group?: string;

  @ApiPropertyOptional({ enum: PARKED_STATUSES, description: 'Only this status (all when left out)' })
  @Optional()
  @IsIn(PARKED_STATUSES, { message: `status: one of ${PARKED_STATUSES.join(', ')}` })
  status?: ParkedStatus;

  @ApiPropertyOptional({ example: 'LeadReceived', description: 'Only this event type; `(invalid message)` for messages that did not decode' })
  @Optional()
  @Pattern(EVENT_TYPE_PATTERN, 'eventType: an event type such as LeadReceived, or (invalid message)')
  eventType?: string;
}

export class ParkedEventParams {
  @ApiProperty({ example: 'cases' })
  @Pattern(GROUP_PATTERN, 'group: a consumer group, e.g. cases or staging.cases')
  group!: string;

  @ApiProperty({ example: '0b0c8a39-4b5e-4f1c-9a57-1d1a55d3a0f2', description: 'The event id, or invalid:<topic>:<partition>:<offset>' })
  @Pattern(PARKED_ID_PATTERN, 'eventId: an event id, or invalid:<topic>:<partition>:<offset>')
  eventId!: string;
}

export class DiscardDto {
  @ApiProperty({ description: 'Why it is discarded (kept with the row and in the operations stream)', example: '重复推送，已人工核对' })
  @ReadableText({ max: DISCARD_REASON_MAX })
  reason!: string;
}

export class ParkedEventSummary {
  @ApiProperty() group!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'Empty for a message that did not decode' }) streamId!: string;
  @ApiProperty() topic!: string;
  @ApiProperty({ description: '`embedded` or `topic:partition`' }) source!: string;
  @ApiProperty({ description: 'Global position (embedded) or Kafka offset, as a decimal string' }) position!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty() parkedAt!: string;
  @ApiProperty({ enum: PARKED_STATUSES }) status!: ParkedStatus;
  @ApiProperty({ nullable: true, type: String }) replayedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) discardedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: '`agency/user`' }) discardedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) discardReason!: string | null;
}

export class ParkedEventPage {
  @ApiProperty({ type: [ParkedEventSummary] }) items!: ParkedEventSummary[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class ParkedEventDetail extends ParkedEventSummary {
  @ApiProperty({ enum: ['event', 'raw'], description: '`event`: the stored event, decoded; `raw`: the message value as received' })
  payloadFormat!: 'event' | 'raw';
  @ApiProperty({ description: 'With `event`: the stored event (object); with `raw`: the value as received (string)' })
  payload!: unknown;
  @ApiProperty({ description: 'The last error of the handler (or of decoding), with its stack' })
  error!: string;
}
