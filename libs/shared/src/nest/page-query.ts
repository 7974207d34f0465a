/**
 * The page/pageSize query every list endpoint takes, validated like any DTO,
 * and the page it answers (Page, pageOf).
 * A factory, because lists differ in how large a page may be:
 *   class ListCasesQuery extends PageQuery({ max: 200, default: 50 }) { status?: string }
 */
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  const [items, total] = await qb.skip((page - 1) * pageSize).take(pageSize).getManyAndCount();
  return { items, total, page, pageSize };
}

export interface PageLimits {
  max: number;
  default: number;
}

export function PageQuery(limits: PageLimits) {
  const pageMessage = 'page: an integer from 1';
  const sizeMessage = `pageSize: an integer from 1 to ${limits.max}`;

  class PageQueryBase {
    @ApiPropertyOptional({ minimum: 1, default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: pageMessage })
    @Min(1, { message: pageMessage })
    page?: number;

    @ApiPropertyOptional({ minimum: 1, maximum: limits.max, default: limits.default })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: sizeMessage })
    @Min(1, { message: sizeMessage })
    @Max(limits.max, { message: sizeMessage })
    pageSize?: number;
  }
  return PageQueryBase;
}
