/**
 * The page/pageSize query every list endpoint takes, validated like any DTO,
 * and the page it answers (Page, pageOf).
 * A factory, because lists differ in how large a page may be:
 *   class ListCasesQuery extends PageQuery({ max: 200, default: 50 }) { status?: string }
 * Every list answers pages 1 to MAX_PAGE; WholeNumber serves any other whole number in a query.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** One page of a list, as every list endpoint answers. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Runs an ordered query for one page (1-based) and the total count of its rows. */
export async function pageOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, page: number, pageSize: number): Promise<Page<T>> {
  const [items, total] = await qb
    .skip((page - 1) * pageSize)
    .take(pageSize)
    .getManyAndCount();
  return { items, total, page, pageSize };
}

export interface PageLimits {
  max: number;
  default: number;
}

/** The highest page any list answers: deep offsets are a cost, not a use (docs/api-contract.md). */
export const MAX_PAGE = 10_000;

const DECIMAL_DIGITS = /^[0-9]{1,9}$/;

/**
 * A whole number in a query string or path: decimal digits only (no sign, exponent, fraction or
 * spaces, at most 9 digits), from min to max. Anything else stays as sent, so the
 * validation pipe answers 422 naming the field with the bounds; never a float that
 * loses digits (9007199254740993) or reaches the database as 1e+20.
 * The same bounds go into the OpenAPI schema (type integer, minimum, maximum).
 */
export function WholeNumber(
  field: string,
  bounds: { min: number; max: number; default?: number; description?: string; required?: boolean; message?: string },
): PropertyDecorator {
  const message = bounds.message ?? `${field}: an integer from ${bounds.min} to ${bounds.max}, in decimal digits`;
  const toInteger = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && DECIMAL_DIGITS.test(value) ? Number(value) : value);
  return (target: object, key: string | symbol) => {
    (bounds.required ? ApiProperty : ApiPropertyOptional)({
      type: 'integer',
      minimum: bounds.min,
      maximum: bounds.max,
      ...(bounds.default === undefined ? {} : { default: bounds.default }),
      ...(bounds.description ? { description: bounds.description } : {}),
    })(target, key);
    if (!bounds.required) IsOptional()(target, key);
    Transform(toInteger)(target, key);
    IsInt({ message })(target, key);
    Min(bounds.min, { message })(target, key);
    Max(bounds.max, { message })(target, key);
  };
}

/**
 * The page fields with their defaults in place: the validation pipe builds the query object from this class, so a
 * query without page or pageSize reaches the handler with 1 and the list's default (the ones OpenAPI declares),
 * and no handler repeats them.
 */
export function PageQuery(limits: PageLimits) {
  class PageQueryBase {
    @WholeNumber('page', { min: 1, max: MAX_PAGE, default: 1 })
    page: number = 1;

    @WholeNumber('pageSize', { min: 1, max: limits.max, default: limits.default })
    pageSize: number = limits.default;
  }
  return PageQueryBase;
}
