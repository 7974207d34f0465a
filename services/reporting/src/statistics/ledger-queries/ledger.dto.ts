/**
 * Query DTOs of the ledger endpoints and exports. Every filter is checked
 * (422 naming the field and what it allows) before a query runs.
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CalendarDate, PageQuery, Pattern, WholeNumber } from '@jm/platform';
import { ACTIVITY_CATEGORY_CODES, AGENCY_CODE_PATTERN, FIELD_CODES, KEY_CASE_FLAG_CODES, LEAD_SOURCE_CODES, RISK_GRADE_CODES } from '@jm/reference';
import { LEAD_LEDGER_STATUSES } from '../../read-model/read-model.tables';
import { LEAD_SORTS, RISK_SORTS } from './ledger-filters';
import { CASE_STATUS_LABELS } from '../vocabulary/reporting-labels';

export const LANGS = ['zh-CN', 'en'] as const;
const CASE_STATUS_CODES = Object.keys(CASE_STATUS_LABELS);
const oneOf = (field: string, allowed: readonly string[]) => `${field}: one of ${allowed.join(', ')}`;
const agencyMessage = (field: string) => `${field}: an agency code (lowercase letters, digits and -, e.g. lc-st-haibin)`;
const dateMessage = (field: string) => `${field}: a date YYYY-MM-DD (China time)`;
const boolMessage = (field: string) => `${field}: true or false`;

/** "true"/"false" in a query string as a boolean; anything else stays as it is and fails @IsBoolean. */
const toBoolean = Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

function QueryBoolean(field: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: Boolean })(target, key);
    IsOptional()(target, key);
    toBoolean(target, key);
    IsBoolean({ message: boolMessage(field) })(target, key);
  };
}

export function QueryEnum(field: string, allowed: readonly string[]): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ enum: allowed })(target, key);
    IsOptional()(target, key);
    IsIn(allowed, { message: oneOf(field, allowed) })(target, key);
  };
}

function QueryAgency(field: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ example: 'lc-st-haibin' })(target, key);
    IsOptional()(target, key);
    Pattern(AGENCY_CODE_PATTERN, agencyMessage(field))(target, key);
  };
}

function QueryDate(field: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ example: '2026-03-01' })(target, key);
    IsOptional()(target, key);
    CalendarDate({ message: dateMessage(field) })(target, key);
  };
}

/** Paging, order, language, and the filters both ledgers take (street, unit, field, category). */
export class LedgerQueryBase extends PageQuery({ max: 200, default: 50 }) {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page (keyset paging; page is ignored with it)', maxLength: 500 })
  @IsOptional()
  @IsString({ message: 'cursor: the nextCursor string of the previous page' })
  @MaxLength(500, { message: 'cursor: the nextCursor string of the previous page' })
  cursor?: string;

  @QueryEnum('order', ['asc', 'desc'])
  order?: 'asc' | 'desc';

  @QueryEnum('lang', LANGS)
  lang?: (typeof LANGS)[number];

  @QueryAgency('street')
  street?: string;

  @QueryAgency('unit')
  unit?: string;

  @QueryEnum('field', FIELD_CODES)
  field?: string;

  @QueryEnum('category', ACTIVITY_CATEGORY_CODES)
  category?: string;
}

export class LeadLedgerQuery extends LedgerQueryBase {
  @QueryEnum('status', LEAD_LEDGER_STATUSES)
  status?: string;

  @QueryEnum('source', LEAD_SOURCE_CODES)
  source?: string;

  @QueryBoolean('major')
  major?: boolean;

  @QueryDate('receivedFrom')
  receivedFrom?: string;

  @QueryDate('receivedTo')
  receivedTo?: string;

  @QueryBoolean('overdue')
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'Text the title contains', maxLength: 100 })
  @IsOptional()
  @IsString({ message: 'q: text, at most 100 characters' })
  @MaxLength(100, { message: 'q: text, at most 100 characters' })
  q?: string;

  @QueryEnum('sort', LEAD_SORTS)
  sort?: (typeof LEAD_SORTS)[number];
}

export class RiskLedgerQuery extends LedgerQueryBase {
  @QueryEnum('status', CASE_STATUS_CODES)
  status?: string;

  /** The case's lead unit (牵头单位) only; `unit` is lead or cooperating. */
  @QueryAgency('leadUnit')
  leadUnit?: string;

  @QueryEnum('riskGrade', RISK_GRADE_CODES)
  riskGrade?: string;

  @QueryEnum('keyFlag', KEY_CASE_FLAG_CODES)
  keyFlag?: string;

  @QueryBoolean('keyCase')
  keyCase?: boolean;

  @QueryBoolean('crossProvince')
  crossProvince?: boolean;

  @QueryBoolean('writtenOff')
  writtenOff?: boolean;

  @QueryBoolean('open')
  open?: boolean;

  @QueryDate('openedFrom')
  openedFrom?: string;

  @QueryDate('openedTo')
  openedTo?: string;

  @WholeNumber('ageOver', {
    min: 0,
    max: 36500,
    description: 'Only cases older than this many days',
    message: 'ageOver: a whole number of days from 0 to 36500',
  })
  ageOver?: number;

  @QueryEnum('sort', RISK_SORTS)
  sort?: (typeof RISK_SORTS)[number];
}

/** Splits a validated ledger query into the filter and the page request of the query functions. */
export function splitLedgerQuery<Q extends LedgerQueryBase>(
  query: Q,
): { filter: Omit<Q, 'page' | 'pageSize' | 'cursor' | 'lang'>; page: { page?: number; pageSize?: number; cursor?: string } } {
  const { page, pageSize, cursor, lang: _lang, ...filter } = query;
  return { filter, page: { page, pageSize, cursor } };
}
