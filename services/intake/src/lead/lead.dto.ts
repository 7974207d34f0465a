/**
 * Request bodies of lead submissions and lead commands. The global validation
 * pipe checks them before any handler runs, so a bad submission is a 422
 * naming each bad field (subjects[0].creditCode, amountYuan, …) with what is
 * allowed there, and nothing is stored.
 */
import { SUBJECT_KINDS, SubjectKind } from '@jm/contracts';
import { IsYuan, CalendarDate, Pattern, ReadableText, AgencyCodeOf, PageQuery, Optional } from '@jm/platform';
import {
  ACTIVITY_CATEGORIES,
  ACTIVITY_CATEGORY_CODES,
  ActivityCategory,
  CREDIT_CODE_FORMAT,
  describeCodes,
  Field,
  FIELD_CODES,
  FIELDS,
  LEAD_SOURCE_CODES,
  LEAD_SOURCES,
  LeadSource,
  REPORT_CHANNEL_CODES,
  REPORT_CHANNELS,
  ReportChannel,
  YUAN_FORMAT,
} from '@jm/reference';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsCreditCode, normalizeCreditCodeInput } from '../validation/credit-code.validator';
import { ID_NUMBER, MOBILE_OR_LANDLINE, PHONE_FORMAT, REGION_CODE, SHA256_HEX } from '../validation/patterns';

const oneOf = (what: string, described: string) => ({ message: `${what} must be one of: ${described}` });
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

export class SubjectDto {
  @ApiProperty({ enum: SUBJECT_KINDS, description: 'company | person | website | app | phone | account' })
  @IsIn(SUBJECT_KINDS, oneOf('kind', SUBJECT_KINDS.join(', ')))
  kind!: SubjectKind;

  @ApiPropertyOptional({ description: 'Company or person name, app name (required for person and app; company: name or creditCode)', maxLength: 200 })
  @ValidateIf(
    (o: SubjectDto) => o.kind === 'person' || o.kind === 'app' || (o.kind === 'company' && o.creditCode === undefined) || o.name !== undefined,
  )
  @IsNotEmpty({ message: 'name is required for a person or an app, and for a company without creditCode' })
  @ReadableText({ max: 200 })
  name?: string;

  @ApiPropertyOptional({ description: `Unified social credit code (统一社会信用代码): ${CREDIT_CODE_FORMAT}`, example: '91110108551385082Q' })
  @Optional()
  @Transform(normalizeCreditCodeInput)
  @IsCreditCode()
  creditCode?: string;

  @ApiPropertyOptional({ description: 'Website URL, http(s); required for kind website', example: 'https://www.example.com' })
  @ValidateIf((o: SubjectDto) => o.kind === 'website' || o.url !== undefined)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'url must be an http(s) URL, e.g. https://www.example.com' })
  url?: string;

  @ApiPropertyOptional({ description: `Phone: ${PHONE_FORMAT}; required for kind phone`, example: '13800000000' })
  @ValidateIf((o: SubjectDto) => o.kind === 'phone' || o.phone !== undefined)
  @Pattern(MOBILE_OR_LANDLINE, `phone must be ${PHONE_FORMAT}`)
  phone?: string;

  @ApiPropertyOptional({ description: 'Bank or payment account; required for kind account', maxLength: 64 })
  @ValidateIf((o: SubjectDto) => o.kind === 'account' || o.account !== undefined)
  @IsNotEmpty({ message: 'account is required for kind account' })
  @ReadableText({ max: 64 })
  account?: string;

  @ApiPropertyOptional({ description: '6-digit administrative division code where the subject is registered or operates', example: '350502' })
  @Optional()
  @Pattern(REGION_CODE, 'region must be a 6-digit administrative division code, e.g. 350502')
  region?: string;
}

/** Who reported it. Sealed with the informant's own key before it goes anywhere; never logged. */
export class InformantDto {
  @ApiPropertyOptional()
  @Optional()
  @ReadableText({ max: 50 })
  name?: string;

  @ApiPropertyOptional({ description: PHONE_FORMAT })
  @Optional()
  @Pattern(MOBILE_OR_LANDLINE, `informant phone must be ${PHONE_FORMAT}`)
  phone?: string;

  @ApiPropertyOptional({ description: 'Resident ID number: 17 digits and a digit or X' })
  @Optional()
  @Pattern(ID_NUMBER, 'idNumber must be 17 digits followed by a digit or X')
  idNumber?: string;

  @ApiPropertyOptional()
  @Optional()
  @ReadableText({ max: 200 })
  address?: string;
}

/** What every submission says about the activity. */
export class LeadContentDto {
  @ApiProperty({ example: '某某财富管理公司高息揽储' })
  @Transform(trim)
  @IsDefined({ message: 'title is required' })
  @ReadableText({ max: 100 })
  title!: string;

  @ApiProperty()
  @Transform(trim)
  @IsDefined({ message: 'description is required' })
  @ReadableText({ max: 5000 })
  description!: string;

  @ApiProperty({ enum: ACTIVITY_CATEGORY_CODES, description: describeCodes(ACTIVITY_CATEGORIES) })
  @IsIn(ACTIVITY_CATEGORY_CODES, oneOf('category', describeCodes(ACTIVITY_CATEGORIES)))
  category!: ActivityCategory;

  @ApiProperty({ enum: FIELD_CODES, description: describeCodes(FIELDS) })
  @IsIn(FIELD_CODES, oneOf('field', describeCodes(FIELDS)))
  field!: Field;

  @ApiPropertyOptional({ description: 'Street (agency code of kind street in the registry) where the activity takes place, e.g. lc-st-haibin' })
  @Optional()
  @AgencyCodeOf('street', 'street must be the agency code of a street, e.g. lc-st-haibin')
  street?: string;

  @ApiPropertyOptional({ description: '6-digit administrative division code of the activity (when no street is given)', example: '350502' })
  @Optional()
  @Pattern(REGION_CODE, 'jurisdiction must be a 6-digit administrative division code, e.g. 350502')
  jurisdiction?: string;

  @ApiPropertyOptional()
  @Optional()
  @ReadableText({ max: 200 })
  location?: string;

  @ApiPropertyOptional({ description: 'When it happened: YYYY-MM-DD, not in the future' })
  @Optional()
  @CalendarDate()
  occurredOn?: string;

  @ApiPropertyOptional({ description: `Estimated amount in yuan as a decimal STRING: ${YUAN_FORMAT}`, example: '1500000.00', type: String })
  @Optional()
  @IsYuan()
  amountYuan?: string;

  @ApiPropertyOptional({ description: 'Number of people involved', type: 'integer', minimum: 0, maximum: 100_000_000 })
  @Optional()
  @IsInt({ message: 'participants must be a whole number' })
  @Min(0, { message: 'participants must be 0 or more' })
  @Max(100_000_000)
  participants?: number;

  @ApiPropertyOptional({ description: 'A major event (重大事件): reported within 24 hours', default: false })
  @Optional()
  @IsBoolean({ message: 'major must be true or false' })
  major?: boolean;

  @ApiPropertyOptional({ type: [SubjectDto], description: 'Involved subjects (涉及主体), at most 50', maxItems: 50 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SubjectDto)
  subjects?: SubjectDto[];

  @ApiPropertyOptional({
    type: [String],
    description: 'SHA-256 of evidence files uploaded before (POST /leads/evidence or /public/evidence), at most 20',
    maxItems: 20,
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @Pattern(SHA256_HEX, 'evidence must list SHA-256 hashes (64 lowercase hex characters) of uploaded files', { each: true })
  evidence?: string[];

  @ApiPropertyOptional({
    type: InformantDto,
    description: 'The informant (optional: anonymous reports are welcome). Encrypted, never shown in the lead.',
  })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => InformantDto)
  informant?: InformantDto;
}

export const PUBLIC_CHANNELS = ['hotline', 'mini_program', 'website', 'letter', 'visit'] as const satisfies readonly ReportChannel[];

export class PublicLeadDto extends LeadContentDto {
  @ApiPropertyOptional({ enum: PUBLIC_CHANNELS, default: 'website' })
  @Optional()
  @IsIn(PUBLIC_CHANNELS, oneOf('channel', PUBLIC_CHANNELS.map((c) => `${c} (${REPORT_CHANNELS[c]['zh-CN']})`).join(', ')))
  channel?: (typeof PUBLIC_CHANNELS)[number];
}

export class AgencyLeadDto extends LeadContentDto {
  @ApiProperty({ enum: LEAD_SOURCE_CODES, description: describeCodes(LEAD_SOURCES) })
  @IsIn(LEAD_SOURCE_CODES, oneOf('source', describeCodes(LEAD_SOURCES)))
  source!: LeadSource;

  @ApiProperty({ enum: REPORT_CHANNEL_CODES, description: describeCodes(REPORT_CHANNELS) })
  @IsIn(REPORT_CHANNEL_CODES, oneOf('channel', describeCodes(REPORT_CHANNELS)))
  channel!: ReportChannel;

  @ApiPropertyOptional({
    description: 'Report to the office at once (default true); otherwise POST /leads/{id}/report-to-office later',
    default: true,
  })
  @Optional()
  @IsBoolean({ message: 'reportToOffice must be true or false' })
  reportToOffice?: boolean;
}

export class SupplementDto {
  @ApiPropertyOptional()
  @Optional()
  @ReadableText({ max: 5000 })
  text?: string;

  @ApiPropertyOptional({ type: [String], description: 'SHA-256 of uploaded evidence files', maxItems: 20 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @Pattern(SHA256_HEX, 'evidence must list SHA-256 hashes (64 lowercase hex characters) of uploaded files', { each: true })
  evidence?: string[];
}

export class LinkTargetDto {
  @ApiProperty({ enum: ['lead', 'case'] })
  @IsIn(['lead', 'case'], oneOf('target.kind', 'lead, case'))
  kind!: 'lead' | 'case';

  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  id!: string;
}

export class ConfirmLinkDto {
  @ApiProperty({ type: LinkTargetDto })
  @IsDefined({ message: 'target is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => LinkTargetDto)
  target!: LinkTargetDto;
}

export class UndoLinkDto extends ConfirmLinkDto {
  @ApiProperty({ description: 'Why the link is wrong' })
  @Transform(trim)
  @IsDefined({ message: 'reason is required' })
  @ReadableText({ max: 1000 })
  reason!: string;
}

export class ShredInformantDto {
  @ApiProperty({ description: 'Why the identity is destroyed' })
  @Transform(trim)
  @IsDefined({ message: 'reason is required' })
  @ReadableText({ max: 1000 })
  reason!: string;
}

export const PUBLIC_STATUSES = ['received', 'processing', 'unfounded', 'case_opened', 'closed'] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export class ListLeadsQuery extends PageQuery({ max: 100, default: 20 }) {
  @ApiPropertyOptional({ enum: PUBLIC_STATUSES })
  @Optional()
  @IsIn(PUBLIC_STATUSES, oneOf('status', PUBLIC_STATUSES.join(', ')))
  status?: PublicStatus;
}
