/** Request bodies and the list query of the cross-region negotiation API. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { NEGOTIATION_KINDS, NEGOTIATION_STATUSES, NegotiationKind, NegotiationStatus } from '@jm/contracts';
import { Optional, PageQuery, Pattern } from '@jm/platform';
import { IsBoolean, IsIn, ValidateIf } from 'class-validator';
import { Text } from '../common/dto-rules';

const REGION = /^\d{6}$/;
const regionMessage = (field: string) => `${field}: a 6-digit administrative division code, one of the two regions of the negotiation`;

export class AnswerNegotiationDto {
  @ApiProperty({ description: 'true: agree on the lead region (主办地) given; false: disagree (the common superior decides)' })
  @IsBoolean({ message: 'agree: true or false' })
  agree!: boolean;

  @ApiPropertyOptional({ example: '350502', description: 'The agreed lead region (required with agree: true): the notifying region or ours.' })
  @ValidateIf((dto: AnswerNegotiationDto) => dto.agree === true || dto.leadRegion !== undefined)
  @Pattern(REGION, regionMessage('leadRegion'))
  leadRegion?: string;

  @ApiPropertyOptional({ description: 'Why not (required with agree: false).' })
  @ValidateIf((dto: AnswerNegotiationDto) => dto.agree === false || dto.reason !== undefined)
  @Text(2000)
  reason?: string;
}

export class DecideDisputeDto {
  @ApiProperty({ example: '350503', description: 'The lead region (主办地) decided: one of the two regions. It binds both.' })
  @Pattern(REGION, regionMessage('leadRegion'))
  leadRegion!: string;

  @ApiProperty({ description: 'The reasons of the decision.' })
  @Text(2000)
  reason!: string;
}

export class ListNegotiationsQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ enum: NEGOTIATION_STATUSES })
  @Optional()
  @IsIn(NEGOTIATION_STATUSES, { message: `status: one of ${NEGOTIATION_STATUSES.join(', ')}` })
  status?: NegotiationStatus;

  @ApiPropertyOptional({ enum: NEGOTIATION_KINDS })
  @Optional()
  @IsIn(NEGOTIATION_KINDS, { message: `kind: one of ${NEGOTIATION_KINDS.join(', ')}` })
  kind?: NegotiationKind;
}
