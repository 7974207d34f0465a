/** Query and body shapes of the deadline API, validated like every DTO (bad input: 422 naming the field and what is allowed). */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { OBLIGATION_KINDS, OBLIGATION_STATUSES, ObligationKind, ObligationStatus } from '@jm/contracts';
import { PageQuery, Pattern, ReadableText } from '@jm/platform';
import { AGENCY_CODE_PATTERN } from '@jm/reference';
import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export const CLOCK_STATUSES = ['running', 'paused', 'stopped'] as const;
export type ClockListStatus = (typeof CLOCK_STATUSES)[number];
const BOOLEAN_TEXT = ['true', 'false'] as const;

export class ListClocksQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ enum: CLOCK_STATUSES })
  @IsOptional()
  @IsIn(CLOCK_STATUSES, { message: `status: one of ${CLOCK_STATUSES.join(', ')}` })
  status?: ClockListStatus;

  @ApiPropertyOptional({ description: 'A policy id from GET /deadlines/policies' })
  @IsOptional()
  @Pattern(/^[a-z][a-z0-9-]{1,63}$/, 'policyId: a policy id from GET /deadlines/policies, e.g. routed-lead-feedback')
  policyId?: string;

  @ApiPropertyOptional({ description: 'Responsible unit (agency code)' })
  @IsOptional()
  @Pattern(AGENCY_CODE_PATTERN, 'unit: an agency code from the registry, e.g. lc-market')
  unit?: string;

  @ApiPropertyOptional({ description: 'The lead, case or obligation id the clock watches', minLength: 1, maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'subjectId: a lead, case or obligation id, up to 200 characters' })
  @IsNotEmpty({ message: 'subjectId: a lead, case or obligation id, up to 200 characters' })
  @MaxLength(200, { message: 'subjectId: a lead, case or obligation id, up to 200 characters' })
  subjectId?: string;

  @ApiPropertyOptional({ enum: BOOLEAN_TEXT, description: 'true: only clocks that missed their deadline; false: only those that did not' })
  @IsOptional()
  @IsIn(BOOLEAN_TEXT, { message: 'missed: true or false' })
  missed?: 'true' | 'false';
}

export class ListObligationsQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ enum: OBLIGATION_STATUSES })
  @IsOptional()
  @IsIn(OBLIGATION_STATUSES, { message: `status: one of ${OBLIGATION_STATUSES.join(', ')}` })
  status?: ObligationStatus;

  @ApiPropertyOptional({ enum: OBLIGATION_KINDS })
  @IsOptional()
  @IsIn(OBLIGATION_KINDS, { message: `kind: one of ${OBLIGATION_KINDS.join(', ')}` })
  kind?: ObligationKind;

  @ApiPropertyOptional({ description: 'YYYY-MM, YYYY-Qn, YYYY-Hn or YYYY' })
  @IsOptional()
  @Pattern(/^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$/, 'period: YYYY-MM, YYYY-Qn (1-4), YYYY-Hn (1-2) or YYYY, e.g. 2026-03')
  period?: string;

  @ApiPropertyOptional({ description: 'The unit that owes it (agency code)' })
  @IsOptional()
  @Pattern(AGENCY_CODE_PATTERN, 'unit: an agency code from the registry, e.g. lc-st-haibin')
  unit?: string;
}

export class SubmitObligationDto {
  @ApiPropertyOptional({ description: 'What was submitted: a document number, an export name (up to 500 characters)' })
  @IsOptional()
  @ReadableText({ max: 500 })
  reference?: string;
}
