/**
 * The analysis request body (POST /analysis/queries, /analysis/exports and
 * saved analyses): each field's shape is checked here (422 naming the field and
 * what it allows); the rules between fields are analysisQueryErrors'.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { CalendarDate, Pattern } from '@jm/platform';
import { ACTIVITY_CATEGORY_CODES, AGENCY_CODE_PATTERN, FIELD_CODES, RISK_GRADE_CODES } from '@jm/reference';
import { CASE_STATUS_LABELS } from '../statistics/vocabulary/reporting-labels';
import { COMPARES, Compare, Dimension, DIMENSIONS, Measure, MEASURES, PERIOD_BYS, PeriodBy } from './analysis-allow-list';
import { AnalysisQuery, MAX_DIMENSIONS, MAX_LIMIT } from './analysis-query';

const CASE_STATUS_CODES = Object.keys(CASE_STATUS_LABELS);
const oneOf = (field: string, allowed: readonly string[]) => `${field}: one of ${allowed.join(', ')}`;
const dateMessage = (field: string) => `${field}: a date YYYY-MM-DD (China time)`;

function BodyEnum(field: string, allowed: readonly string[], required = false): PropertyDecorator {
  return (target, key) => {
    (required ? ApiProperty : ApiPropertyOptional)({ enum: allowed })(target, key);
    if (!required) IsOptional()(target, key);
    IsIn(allowed, { message: oneOf(field, allowed) })(target, key);
  };
}

function BodyAgency(field: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ example: 'lc-st-haibin' })(target, key);
    IsOptional()(target, key);
    Pattern(AGENCY_CODE_PATTERN, `${field}: an agency code (lowercase letters, digits and -, e.g. lc-st-haibin)`)(target, key);
  };
}

function BodyBoolean(field: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: Boolean })(target, key);
    IsOptional()(target, key);
    IsBoolean({ message: `${field}: true or false` })(target, key);
  };
}

function Nested(field: string, type: new () => object, description: string): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type, description })(target, key);
    IsOptional()(target, key);
    IsObject({ message: `${field}: an object` })(target, key);
    ValidateNested()(target, key);
    Type(() => type)(target, key);
  };
}

export class AnalysisPeriodDto {
  @BodyEnum('period.by', PERIOD_BYS, true)
  by!: PeriodBy;

  @ApiPropertyOptional({ example: '2026-01-01', description: 'First day of opening (立案), China time, inclusive' })
  @IsOptional()
  @CalendarDate({ message: dateMessage('period.from') })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'Last day of opening, China time, inclusive' })
  @IsOptional()
  @CalendarDate({ message: dateMessage('period.to') })
  to?: string;
}

export class AnalysisFiltersDto {
  @BodyEnum('filters.status', CASE_STATUS_CODES)
  status?: string;

  @BodyAgency('filters.street')
  street?: string;

  @BodyAgency('filters.unit')
  unit?: string;

  @BodyAgency('filters.leadUnit')
  leadUnit?: string;

  @BodyEnum('filters.field', FIELD_CODES)
  field?: string;

  @BodyEnum('filters.category', ACTIVITY_CATEGORY_CODES)
  category?: string;

  @BodyEnum('filters.riskGrade', RISK_GRADE_CODES)
  riskGrade?: string;

  @BodyBoolean('filters.keyCase')
  keyCase?: boolean;

  @BodyBoolean('filters.crossProvince')
  crossProvince?: boolean;

  @BodyBoolean('filters.writtenOff')
  writtenOff?: boolean;

  @BodyBoolean('filters.open')
  open?: boolean;
}

const SORT_KEYS = [...DIMENSIONS, ...MEASURES];

export class AnalysisSortDto {
  @BodyEnum('sort.by', SORT_KEYS, true)
  by!: Dimension | Measure;

  @BodyEnum('sort.order', ['asc', 'desc'], true)
  order!: 'asc' | 'desc';
}

export class AnalysisQueryDto implements AnalysisQuery {
  @ApiProperty({ enum: DIMENSIONS, isArray: true, maxItems: MAX_DIMENSIONS, uniqueItems: true, description: 'Group by (0 to 3, distinct)' })
  @IsArray({ message: `dimensions: a list of 0 to ${MAX_DIMENSIONS} of ${DIMENSIONS.join(', ')}` })
  @ArrayMaxSize(MAX_DIMENSIONS, { message: `dimensions: at most ${MAX_DIMENSIONS}, each one of ${DIMENSIONS.join(', ')}` })
  @ArrayUnique({ message: 'dimensions: each at most once' })
  @IsIn(DIMENSIONS, { each: true, message: `dimensions: each one of ${DIMENSIONS.join(', ')}` })
  dimensions!: Dimension[];

  @ApiProperty({
    enum: MEASURES,
    isArray: true,
    minItems: 1,
    maxItems: MEASURES.length,
    uniqueItems: true,
    description: 'Figures (1 to 9, distinct)',
  })
  @IsArray({ message: `measures: a list of 1 to ${MEASURES.length} of ${MEASURES.join(', ')}` })
  @ArrayMinSize(1, { message: `measures: at least one of ${MEASURES.join(', ')}` })
  @ArrayMaxSize(MEASURES.length, { message: `measures: at most ${MEASURES.length}, each one of ${MEASURES.join(', ')}` })
  @ArrayUnique({ message: 'measures: each at most once' })
  @IsIn(MEASURES, { each: true, message: `measures: each one of ${MEASURES.join(', ')}` })
  measures!: Measure[];

  @Nested('period', AnalysisPeriodDto, "Periods of opening (立案), China time; required with the dimension 'period' or compare")
  period?: AnalysisPeriodDto;

  @Nested('filters', AnalysisFiltersDto, 'Codes as GET /ledgers/risks takes them; leadUnit is the lead unit only, unit lead or cooperating')
  filters?: AnalysisFiltersDto;

  @BodyEnum('compare', COMPARES)
  compare?: Compare;

  @Nested('sort', AnalysisSortDto, 'Default: period ascending, else the first measure descending')
  sort?: AnalysisSortDto;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 100, description: 'Top-N rows' })
  @IsOptional()
  @IsInt({ message: `limit: a whole number from 1 to ${MAX_LIMIT}` })
  @Min(1, { message: `limit: a whole number from 1 to ${MAX_LIMIT}` })
  @Max(MAX_LIMIT, { message: `limit: a whole number from 1 to ${MAX_LIMIT}` })
  limit?: number;
}
