/**
 * Query DTOs of the audit API (class-validator; a bad query is 422 naming
 * each field and what is allowed, and nothing is read or recorded).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DateTime, PageQuery, Pattern } from '@jm/platform';
import { AGENCY_CODE_PATTERN } from '@jm/reference';
import { IsIn, IsOptional, IsString, MaxLength, registerDecorator, ValidateIf, ValidationArguments } from 'class-validator';

export const LANGS = ['zh-CN', 'en'] as const;
/** What a stream id looks like in the store ("<kind>-<id>"). */
export const STREAM_ID_PATTERN = /^[a-z][a-z0-9]*(-[A-Za-z0-9_.:]+)+$/;
const INSTANT = 'an RFC 3339 instant with its offset, e.g. 2026-03-02T00:00:00Z or 2026-03-02T08:00:00+08:00';
const EVENT_TYPE_LIST = /^[A-Za-z][A-Za-z0-9]{0,99}(,[A-Za-z][A-Za-z0-9]{0,99})*$/;

/** `to` must not be before the instant in `field`. */
function NotBefore(field: string): PropertyDecorator {
  return (target: object, key: string | symbol) =>
    registerDecorator({
      name: 'notBefore',
      target: target.constructor,
      propertyName: key as string,
      options: { message: `${String(key)}: an instant not before ${field}` },
      validator: {
        validate(value: unknown, args: ValidationArguments) {
          const other = (args.object as Record<string, unknown>)[field];
          return typeof value !== 'string' || typeof other !== 'string' || Number.isNaN(Date.parse(other)) || Date.parse(value) >= Date.parse(other);
        },
      },
    });
}

/** The property cannot be given together with any of `fields`. */
function Without(fields: string[], message: string): PropertyDecorator {
  return (target: object, key: string | symbol) =>
    registerDecorator({
      name: 'without',
      target: target.constructor,
      propertyName: key as string,
      options: { message },
      validator: {
        validate(_value: unknown, args: ValidationArguments) {
          return fields.every((f) => (args.object as Record<string, unknown>)[f] === undefined);
        },
      },
    });
}

function Instant(field: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    DateTime({ message: `${field}: ${INSTANT}` })(target, key);
  };
}

export function Lang(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ enum: LANGS, default: 'zh-CN' })(target, key);
    IsOptional()(target, key);
    IsIn(LANGS, { message: `lang: one of ${LANGS.join(', ')}` })(target, key);
  };
}

function AgencyFilter(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ example: 'lc-office' })(target, key);
    IsOptional()(target, key);
    Pattern(AGENCY_CODE_PATTERN, `${String(key)}: an agency code (lowercase letters, digits and -, e.g. lc-office)`)(target, key);
  };
}

export class TimelineQuery extends PageQuery({ max: 500, default: 100 }) {
  @ApiPropertyOptional({ description: 'One stream, e.g. case-<caseId>; or give from and to', example: 'case-C1', maxLength: 200 })
  @IsOptional()
  @Pattern(STREAM_ID_PATTERN, 'stream: a stream id like case-<id>, lead-<id>, routing-<id>, meeting-<id>, access-<type>-<id>, audit-anchors')
  @MaxLength(200, { message: 'stream: at most 200 characters' })
  @Without(['from', 'to', 'type', 'agency'], 'stream: give either stream alone, or from and to (with type and agency if wanted), not both')
  stream?: string;

  @ApiPropertyOptional({ description: 'Start of the time range (inclusive), when no stream is given' })
  @ValidateIf((q: TimelineQuery) => q.stream === undefined)
  @IsString({ message: 'from: required without stream (give stream, or from and to)' })
  @Instant('from')
  from?: string;

  @ApiPropertyOptional({ description: 'End of the time range (inclusive)' })
  @ValidateIf((q: TimelineQuery) => q.stream === undefined)
  @IsString({ message: 'to: required without stream (give stream, or from and to)' })
  @Instant('to')
  @NotBefore('from')
  to?: string;

  @ApiPropertyOptional({ description: 'Only these event types (comma-separated), range only', example: 'CaseOpened,LeadRouted' })
  @IsOptional()
  @Pattern(EVENT_TYPE_LIST, 'type: event type names separated by commas, e.g. CaseOpened,LeadRouted')
  type?: string;

  @AgencyFilter()
  agency?: string;

  @Lang()
  lang?: (typeof LANGS)[number];
}

export class CaseStateQuery {
  @ApiProperty({ description: 'The moment to reconstruct', example: '2026-03-02T08:00:00Z' })
  @IsString({ message: 'at: required, the moment to reconstruct the case at' })
  @Instant('at')
  at!: string;

  @Lang()
  lang?: (typeof LANGS)[number];
}

export class AccessLogQuery extends PageQuery({ max: 500, default: 100 }) {
  @ApiPropertyOptional({ example: 'lead' })
  @IsOptional()
  @Pattern(/^[a-z][a-z0-9_]{0,49}$/, 'resourceType: a lowercase word such as lead, case, meeting, routing, report, audit')
  resourceType?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'resourceId: text' })
  @MaxLength(200, { message: 'resourceId: at most 200 characters' })
  resourceId?: string;

  @AgencyFilter()
  agency?: string;

  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString({ message: 'user: a user id' })
  @MaxLength(200, { message: 'user: at most 200 characters' })
  user?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Instant('from')
  from?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Instant('to')
  @NotBefore('from')
  to?: string;

  @Lang()
  lang?: (typeof LANGS)[number];
}

export class CaseIdParams {
  @Pattern(/^[A-Za-z0-9_.:-]{1,100}$/, 'caseId: letters, digits and _ . : - (at most 100 characters)')
  caseId!: string;
}
