/** Requests and answers of the dead-letters API (dead-letters.controller.ts). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { Optional, PageQuery, Pattern } from '@jm/platform';

export const DEAD_LETTER_STATUSES = ['dead', 'discarded'] as const;
export type DeadLetterStatus = (typeof DEAD_LETTER_STATUSES)[number];

const MESSAGE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,39}$/;
const TARGET = /^[a-z]+(:[A-Za-z0-9._-]{1,56})?$/;

export class ListDeadLettersQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ enum: DEAD_LETTER_STATUSES, default: 'dead', description: 'dead (default): to retry or discard; discarded: set aside' })
  @Optional()
  @IsIn(DEAD_LETTER_STATUSES, { message: `status: one of ${DEAD_LETTER_STATUSES.join(', ')}` })
  status?: DeadLetterStatus;
}

export class MessageParams {
  @ApiProperty({ description: 'The message id' })
  @Pattern(MESSAGE_ID, 'messageId: the id of a message, up to 40 letters, digits and - . : _')
  messageId!: string;
}

export class DeadLetterParams extends MessageParams {
  @ApiProperty({ example: 'webhook:oa', description: 'email, inbox or webhook:<id>' })
  @Pattern(TARGET, 'target: email, inbox or webhook:<id>')
  target!: string;
}

export class DeadLetterItem {
  @ApiProperty() messageId!: string;
  @ApiProperty() target!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() recipientAgency!: string;
  @ApiProperty({ enum: DEAD_LETTER_STATUSES }) status!: DeadLetterStatus;
  @ApiProperty() attempts!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ description: 'When it went dead (or was discarded)' }) updatedAt!: string;
}

export class DeadLetterPage {
  @ApiProperty({ type: [DeadLetterItem] }) items!: DeadLetterItem[];
  @ApiProperty() total!: number;
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
}

export class DeadLetterDiscard {
  @ApiProperty() target!: string;
  @ApiProperty({ description: '`agency/user`' }) by!: string;
  @ApiProperty() at!: string;
  @ApiProperty() reason!: string;
}

export class DeadLetterDetail {
  @ApiProperty() messageId!: string;
  @ApiProperty({ description: 'The message as requested: recipient, template, parameters, locale, targets, source event' })
  request!: object;
  @ApiProperty({ type: [DeadLetterItem], description: 'Each of its targets that is dead or discarded' })
  targets!: DeadLetterItem[];
  @ApiProperty({ type: [DeadLetterDiscard], description: 'Who discarded which target, when and why (the operations stream)' })
  discards!: DeadLetterDiscard[];
}
