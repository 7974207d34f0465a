/**
 * Field rules that the validation pipe checks and the OpenAPI schema publishes from one
 * source, so the contract cannot promise what the server refuses (or the reverse).
 * Each adds only constraint keywords to the field's schema; its @ApiProperty keeps the
 * description, the example and whether it is required.
 */
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { AGENCY_CODE_PATTERN, type AgencyKind } from '@jm/reference';
import { Transform } from 'class-transformer';
import { Matches, registerDecorator, ValidateIf, ValidationOptions } from 'class-validator';

/**
 * A string matching `pattern` (anchored, and written so that ECMAScript and the fuzzer's
 * Python engine read it alike: no lookaround, no \d or \s). The same regex is the schema's pattern.
 */
export function Pattern(pattern: RegExp, message: string, options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    Matches(pattern, { ...options, message })(target, key);
    const schema = { type: 'string', pattern: pattern.source } as const;
    (ApiProperty(options.each ? { items: schema } : schema) as PropertyDecorator)(target, key);
  };
}

/** The extension a field's schema carries until the document is built; openapi.ts turns it into the enum of the registry's codes. */
export const AGENCY_KIND_EXTENSION = 'x-jm-agency-kind';

/**
 * An agency code of one kind (street, member, office): the validation pipe checks its shape,
 * the domain that the registry holds it; the OpenAPI schema lists the codes the deployed
 * registry (AGENCY_REGISTRY_PATH) holds of that kind.
 */
export function AgencyCodeOf(kind: AgencyKind, message: string): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    Pattern(AGENCY_CODE_PATTERN, message)(target, key);
    (ApiProperty({ [AGENCY_KIND_EXTENSION]: kind } as ApiPropertyOptions) as PropertyDecorator)(target, key);
  };
}

const DATE_SHAPE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

/** YYYY-MM-DD that exists in the calendar (2026-02-30 is not one): JSON Schema's `format: date`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !DATE_SHAPE.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A string of a JSON Schema `format`, checked by `validate` and published with the format. */
function Formatted(format: string, validate: (value: unknown) => boolean, message: string, options: ValidationOptions): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    registerDecorator({
      name: `format-${format}`,
      target: target.constructor,
      propertyName: key as string,
      options: { message, ...options },
      validator: { validate },
    });
    (ApiProperty({ type: 'string', format }) as PropertyDecorator)(target, key);
  };
}

/** @CalendarDate(): a calendar date YYYY-MM-DD, published as `format: date`. Whether it may lie in the future is the domain's rule. */
export function CalendarDate(options: ValidationOptions = {}): PropertyDecorator {
  return Formatted('date', isCalendarDate, '$property must be a calendar date YYYY-MM-DD, e.g. 2026-03-01', options);
}

const DATE_TIME_SHAPE = /^([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?([Zz]|[+-]([0-9]{2}):([0-9]{2}))$/;

/** An RFC 3339 date-time with its offset (2026-03-02T08:00:00+08:00, 2026-03-02T00:00:00.000Z): JSON Schema's `format: date-time`. */
export function isDateTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_TIME_SHAPE.exec(value);
  if (!match || !isCalendarDate(match[1])) return false;
  const [hours, minutes, seconds] = [match[2], match[3], match[4]].map(Number);
  const offset = match[7] === undefined ? [0, 0] : [Number(match[7]), Number(match[8])];
  return hours <= 23 && minutes <= 59 && seconds <= 59 && offset[0] <= 23 && offset[1] <= 59 && !Number.isNaN(Date.parse(value.toUpperCase()));
}

/** @DateTime(): an instant as an RFC 3339 date-time with its offset, published as `format: date-time` (t and z arrive as T and Z). */
export function DateTime(options: ValidationOptions = {}): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && isDateTime(value) ? value.toUpperCase() : value))(target, key);
    Formatted(
      'date-time',
      isDateTime,
      '$property must be an RFC 3339 date-time with its offset, e.g. 2026-03-02T08:00:00+08:00',
      options,
    )(target, key);
  };
}

/**
 * @Optional(): the property may be left out, but not sent as null. (class-validator's
 * IsOptional also skips null, which the schema of an optional property does not allow.)
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
