/**
 * One request body per case command (class-validator; a bad body is 422
 * naming each field and what is allowed). Fields the app fills from the
 * registry or the clock (toDuty, policeDuty, deadlines, request ids) are not here.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATUSES } from './case';
import { CalendarDate, IsYuan, Pattern, ReadableText, PageQuery, Optional } from '@jm/platform';
import {
  ACTIVITY_CATEGORY_CODES,
  AGENCY_CODE_PATTERN,
  FIELD_CODES,
  KEY_CASE_FLAG_CODES,
  KeyCaseFlag,
  RISK_GRADE_CODES,
  RiskGrade,
  Yuan,
  YUAN_FORMAT,
} from '@jm/reference';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, Max, Min } from 'class-validator';
import {
  ADMINISTRATIVE_MEASURES,
  AdministrativeMeasure,
  FUNDS_MEASURES,
  FUNDS_OUTCOMES,
  FundsMeasure,
  FundsOutcome,
  NatureConclusion,
  SENSITIVE_STEPS,
  SensitiveStep,
  STABILITY_RISK_LEVELS,
  StabilityRiskLevel,
} from './case.commands';
import { TWO_YEAR_EXEMPTION_GROUNDS, TwoYearExemptionGround } from '@jm/contracts';
import { agencyMessage, AgencyCode, Text } from '../common/dto-rules';
import { LEADER_LEVELS, LeaderLevel } from '@jm/contracts';

/** Statuses a listed case can have (every one but "none"). */
const CASE_STATUSES_FOR_QUERY = CASE_STATUSES.filter((s) => s !== 'none');
const oneOf = (field: string, values: readonly string[]) => `${field}: one of ${values.join(', ')}`;

/** An amount in yuan (a decimal string), answered in this API's "field: what is allowed" wording. */
function AmountInYuan(field: string): PropertyDecorator {
  return IsYuan({ message: `${field}: ${YUAN_FORMAT}` });
}

function AgencyList(field: string, min = 0): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsArray({ message: `${field}: a list of agency codes` })(target, key);
    ArrayMinSize(min, { message: `${field}: at least ${min} agency code(s)` })(target, key);
    ArrayMaxSize(30, { message: `${field}: at most 30 agency codes` })(target, key);
    Pattern(AGENCY_CODE_PATTERN, agencyMessage(field), { each: true })(target, key);
    (ApiProperty({ minItems: min, maxItems: 30 }) as PropertyDecorator)(target, key);
  };
}

function Count(field: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsInt({ message: `${field}: a whole number from 0` })(target, key);
    Min(0, { message: `${field}: a whole number from 0` })(target, key);
    Max(10_000_000, { message: `${field}: a whole number up to 10000000` })(target, key);
  };
}

export class AssignUnitsDto {
  @ApiProperty({ example: 'lc-finance' }) @AgencyCode('leadUnit') leadUnit!: string;
  @ApiProperty({ type: [String], example: ['lc-market', 'lc-st-haibin'] }) @AgencyList('cooperatingUnits') cooperatingUnits!: string[];
}

export class AttachLeadDto {
  @ApiProperty() @Text(100) leadId!: string;
}

export class FormJointTeamDto {
  @ApiProperty({ example: 'lc-finance' }) @AgencyCode('leader') leader!: string;
  @ApiProperty({ type: [String], example: ['lc-market', 'lc-police'] }) @AgencyList('members', 1) members!: string[];
}

export class RecordFindingDto {
  @ApiProperty() @Text(4000) text!: string;
  @ApiPropertyOptional({ example: '3500000.00' }) @Optional() @AmountInYuan('amountYuan') amountYuan?: Yuan;
  @ApiPropertyOptional() @Optional() @Count('participants') participants?: number;
}

export class RequestFundsMonitoringDto {
  @ApiProperty({ description: 'Central-bank or regulator branch asked (商请人民银行/金融监管分局)', example: 'qz-pbc' })
  @AgencyCode('to')
  to!: string;
  @ApiProperty({ enum: FUNDS_MEASURES }) @IsIn(FUNDS_MEASURES, { message: oneOf('measure', FUNDS_MEASURES) }) measure!: FundsMeasure;
  @ApiProperty({ type: [String], minItems: 1, maxItems: 100 })
  @IsArray({ message: 'accounts: a list of account numbers' })
  @ArrayMinSize(1, { message: 'accounts: at least one account' })
  @ArrayMaxSize(100, { message: 'accounts: at most 100 accounts' })
  @ReadableText({ max: 64 }, { each: true })
  accounts!: string[];
}

export class AnswerFundsMonitoringDto {
  @ApiProperty({ enum: FUNDS_OUTCOMES }) @IsIn(FUNDS_OUTCOMES, { message: oneOf('outcome', FUNDS_OUTCOMES) }) outcome!: FundsOutcome;
  @ApiPropertyOptional() @Optional() @AmountInYuan('frozenAmountYuan') frozenAmountYuan?: Yuan;
  @ApiProperty() @Text(2000) note!: string;
}

export class RequestDeterminationDto {
  @ApiProperty({ description: 'Competent administrative authority asked for an opinion (认定意见)', example: 'lc-finance' })
  @AgencyCode('authority')
  authority!: string;
}

const CONCLUSIONS = [...ACTIVITY_CATEGORY_CODES, 'not_illegal'] as const;
export class IssueOpinionDto {
  @ApiProperty({ enum: CONCLUSIONS }) @IsIn(CONCLUSIONS, { message: oneOf('conclusion', CONCLUSIONS) }) conclusion!: NatureConclusion;
  @ApiProperty({ description: 'The authority considers it disputed or complex (goes to the joint meeting)' })
  @IsBoolean({ message: 'disputed: true or false' })
  disputed!: boolean;
  @ApiProperty() @Text(4000) text!: string;
}

export class AcceptOpinionDto {
  @ApiPropertyOptional() @Optional() @Text(2000) note?: string;
}

export class ReferToMeetingDto {
  @ApiProperty({ description: 'The scheduled joint meeting (district for a referral, city for an escalation)' }) @Text(100) meetingId!: string;
  @ApiProperty({ example: '请审议该案性质认定' }) @Text(1000) question!: string;
}

/** An escalation names the city meeting, unless another deployment serves the city office (it chooses the meeting: a meetingId is then 422). */
export class EscalateToCityMeetingDto {
  @ApiPropertyOptional({ description: 'The scheduled city joint meeting; left out when the city office is served by another deployment' })
  @Optional()
  @Text(100)
  meetingId?: string;
  @ApiProperty({ example: '请审议该案性质认定' }) @Text(1000) question!: string;
}

export class TakeMeasureDto {
  @ApiProperty({ enum: ADMINISTRATIVE_MEASURES })
  @IsIn(ADMINISTRATIVE_MEASURES, { message: oneOf('measure', ADMINISTRATIVE_MEASURES) })
  measure!: AdministrativeMeasure;
  @ApiPropertyOptional() @Optional() @AmountInYuan('amountYuan') amountYuan?: Yuan;
  @ApiProperty() @Text(4000) text!: string;
}

export class TransferToPoliceDto {
  @ApiProperty({ example: 'lc-police' }) @AgencyCode('police') police!: string;
  @ApiProperty() @Text(2000) reason!: string;
}

export class AcceptTransferDto {
  @ApiProperty({ description: 'Date the criminal case was filed (立案), YYYY-MM-DD', example: '2026-04-01' })
  @CalendarDate({ message: 'filedOn: a date YYYY-MM-DD' })
  filedOn!: string;
  @ApiPropertyOptional() @Optional() @Text(100) policeCaseNo?: string;
}

export class DeclineTransferDto {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 20 })
  @IsArray({ message: 'reasons: a list of reasons' })
  @ArrayMinSize(1, { message: 'reasons: at least one reason' })
  @ArrayMaxSize(20, { message: 'reasons: at most 20 reasons' })
  @ReadableText({ max: 1000 }, { each: true })
  reasons!: string[];
}

export class RecordProsecutionDto {
  @ApiProperty() @Text(4000) text!: string;
  @ApiPropertyOptional() @Optional() @Count('defendants') defendants?: number;
}

export class RecordJudgmentDto {
  @ApiPropertyOptional() @Optional() @AmountInYuan('amountYuan') amountYuan?: Yuan;
  @ApiProperty() @Text(4000) text!: string;
}

export class RecordRefundCompletedDto {
  @ApiProperty({ description: 'How the refund was completed (完成资金清退)' }) @Text(2000) text!: string;
}

export class ExemptFromTwoYearLimitDto {
  @ApiProperty({ enum: TWO_YEAR_EXEMPTION_GROUNDS, description: 'led_by_other_province (外省牵头办理) or major_complex (重大复杂)' })
  @IsIn(TWO_YEAR_EXEMPTION_GROUNDS, { message: oneOf('ground', TWO_YEAR_EXEMPTION_GROUNDS) })
  ground!: TwoYearExemptionGround;
  @ApiPropertyOptional({ description: 'Who approved the case as major and complex (required with major_complex)' })
  @Optional()
  @Text(200)
  approvedBy?: string;
  @ApiProperty() @Text(1000) reason!: string;
}

export class RecordRecoveryDto {
  @ApiProperty({ example: '1200000.00' }) @AmountInYuan('amountYuan') amountYuan!: Yuan;
  @ApiPropertyOptional() @Optional() @Text(2000) text?: string;
}

export class RecordVictimClaimsDto {
  @ApiProperty() @Count('claimants') claimants!: number;
  @ApiProperty() @AmountInYuan('amountYuan') amountYuan!: Yuan;
  @ApiPropertyOptional() @Optional() @Text(2000) text?: string;
}

export class RecordPetitionDto {
  @ApiProperty() @Count('petitioners') petitioners!: number;
  @ApiProperty() @Text(2000) text!: string;
}

export class AssessStabilityRiskDto {
  @ApiProperty({ enum: STABILITY_RISK_LEVELS })
  @IsIn(STABILITY_RISK_LEVELS, { message: oneOf('level', STABILITY_RISK_LEVELS) })
  level!: StabilityRiskLevel;
  @ApiProperty({ enum: SENSITIVE_STEPS }) @IsIn(SENSITIVE_STEPS, { message: oneOf('beforeStep', SENSITIVE_STEPS) }) beforeStep!: SensitiveStep;
  @ApiProperty() @Text(4000) text!: string;
}

export class SetRiskGradeDto {
  @ApiProperty({ enum: RISK_GRADE_CODES }) @IsIn(RISK_GRADE_CODES, { message: oneOf('grade', RISK_GRADE_CODES) }) grade!: RiskGrade;
  @ApiProperty() @Text(1000) reason!: string;
}

export class SetKeyFlagDto {
  @ApiProperty({ enum: KEY_CASE_FLAG_CODES }) @IsIn(KEY_CASE_FLAG_CODES, { message: oneOf('flag', KEY_CASE_FLAG_CODES) }) flag!: KeyCaseFlag;
  @ApiProperty() @Text(1000) reason!: string;
}

export class RecordLeaderInstructionDto {
  @ApiProperty({ description: 'Who gave the instruction (name and post)', example: '张某某（省委副书记）' }) @Text(200) leader!: string;
  @ApiProperty({ enum: LEADER_LEVELS, description: 'central and provincial instructions make a key case (seed 001)' })
  @IsIn(LEADER_LEVELS, { message: oneOf('level', LEADER_LEVELS) })
  level!: LeaderLevel;
  @ApiProperty({ example: '2026-03-01', description: 'The day of the instruction, not in the future' })
  @CalendarDate({ message: 'date: a date YYYY-MM-DD' })
  date!: string;
  @ApiProperty({ description: 'A summary of what the instruction says' }) @Text(2000) summary!: string;
}

export class AssignLeaderInChargeDto {
  @ApiProperty({ description: 'The leader taking charge (领导包案)', example: '李某某' }) @Text(100) leader!: string;
  @ApiProperty({ example: '区委常委、政法委书记' }) @Text(200) post!: string;
  @ApiProperty({ example: '2026-03-10', description: 'From which day, not in the future' })
  @CalendarDate({ message: 'since: a date YYYY-MM-DD' })
  since!: string;
}

export class FormDedicatedTeamDto {
  @ApiProperty({ description: 'Who heads the team (一案一专班)', example: '区政法委副书记王某' }) @Text(200) head!: string;
  @ApiProperty({ type: [String], description: 'Member units (agency codes); they may see the case', example: ['lc-police', 'lc-st-haibin'] })
  @AgencyList('units', 1)
  units!: string[];
  @ApiProperty({ example: '2026-03-12', description: 'The day it was formed, not in the future' })
  @CalendarDate({ message: 'formedOn: a date YYYY-MM-DD' })
  formedOn!: string;
}

export class ClearKeyFlagDto {
  @ApiProperty() @Text(1000) reason!: string;
}

export class RequestClosureDto {
  @ApiProperty() @Text(4000) summary!: string;
}

export class ApproveClosureDto {
  @ApiProperty() @Text(2000) note!: string;
}

export class ReasonDto {
  @ApiProperty() @Text(2000) reason!: string;
}

export class ListCasesQuery extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ enum: CASE_STATUSES_FOR_QUERY })
  @Optional()
  @IsIn(CASE_STATUSES_FOR_QUERY, { message: oneOf('status', CASE_STATUSES_FOR_QUERY) })
  status?: string;

  @ApiPropertyOptional({ enum: FIELD_CODES })
  @Optional()
  @IsIn(FIELD_CODES, { message: oneOf('field', FIELD_CODES) })
  field?: string;

  @ApiPropertyOptional({ example: 'lc-st-haibin' })
  @Optional()
  @AgencyCode('street')
  street?: string;
}
