/** Request bodies and queries of the triage API (class-validator; a bad one is 422 naming each field). */
import { PageQuery, Optional, Pattern } from '@jm/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AgencyCode, Text } from '../common/dto-rules';
import { IsBoolean, IsDefined, IsIn, ValidateIf } from 'class-validator';

export const TRIAGE_STATUSES = ['awaiting_triage', 'routed', 'referred_up', 'closed_unfounded', 'founded'] as const;

export class RouteLeadDto {
  @ApiPropertyOptional({
    description: 'Responsible unit; leave out to let the routing rules choose (the answer names the rule).',
    example: 'lc-social-affairs',
  })
  @Optional()
  @AgencyCode('unit')
  unit?: string;

  @ApiPropertyOptional({ description: 'A licensed financial institution is involved (refer-up rules may apply: 逐级上报).' })
  @Optional()
  @IsBoolean({ message: 'licensedInstitution: true or false' })
  licensedInstitution?: boolean;
}

export class ReferLeadUpDto {
  @ApiProperty({ description: 'Why the lead is beyond this office (recorded on the referral).', example: '属福建证监局职责范围，逐级上报' })
  @Text(1000)
  reason!: string;
}

export class FeedbackDto {
  @ApiProperty({
    enum: ['unfounded', 'founded'],
    description: 'unfounded closes the lead with a reason; founded opens a case (its id is in the answer).',
  })
  @IsIn(['unfounded', 'founded'], { message: 'outcome: one of unfounded, founded' })
  outcome!: 'unfounded' | 'founded';

  @ApiPropertyOptional({ description: 'Required when unfounded.', example: '经核查系正常经营' })
  @ValidateIf((dto: FeedbackDto) => dto.outcome === 'unfounded' || dto.reason !== undefined)
  @IsDefined({ message: 'reason: required when outcome is unfounded' })
  @Text(1000)
  reason?: string;
}

export class ListTriageQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ enum: TRIAGE_STATUSES })
  @Optional()
  @IsIn(TRIAGE_STATUSES, { message: `status: one of ${TRIAGE_STATUSES.join(', ')}` })
  status?: (typeof TRIAGE_STATUSES)[number];

  /** One lead's row, if the caller may triage or was routed it: an empty page while cases has not heard of the lead yet. */
  @ApiPropertyOptional({ description: 'Only this lead (an empty page when the caller may not see it or cases has not received it yet)' })
  @Optional()
  @Pattern(/^[A-Za-z0-9-]{1,64}$/, 'leadId: a lead id (letters, digits and -, at most 64)')
  leadId?: string;
}
