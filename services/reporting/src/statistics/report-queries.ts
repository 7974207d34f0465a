/**
 * What the controllers share: the read model, the clock and the agency
 * registry bundled into the context the query functions take, and strict
 * validation of a query object for a DTO chosen at run time (the exports).
 */
import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { DataSource } from 'typeorm';
import { AGENCY_REGISTRY, AgencyRegistry, CLOCK, Clock, flattenValidationErrors, Lang, NotFoundError, READ_MODEL_TOKEN } from '@jm/shared';
import { parsePeriod, Period, PERIOD_FORMS } from './vocabulary/period';
import { RiskLedgerIndexService } from './ledger-queries/risk-ledger-index.service';
import { invalidInput, LedgerContext } from './ledger-queries/ledger-query';
import { STATISTICS_TABLE_CODES } from './statistics-tables/statistics-tables';

@Injectable()
export class ReportQueries {
  constructor(
    @Inject(READ_MODEL_TOKEN) readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(AGENCY_REGISTRY) readonly registry: AgencyRegistry,
    private readonly riskIndex: RiskLedgerIndexService,
  ) {}

  context(lang: Lang | undefined): LedgerContext {
    return { now: this.clock.now(), lang: lang ?? 'zh-CN', registry: this.registry };
  }

  /** The context of a risk-ledger query: with the in-memory index when it is loaded and has every committed write. */
  async riskContext(lang: Lang | undefined): Promise<LedgerContext> {
    return { ...this.context(lang), riskIndex: await this.riskIndex.synced() };
  }

  now(): Date {
    return this.clock.now();
  }
}

/** The period of a validated query (the pattern is checked by the DTO; the year range here). */
export function periodOf(code: string): Period {
  const period = parsePeriod(code);
  if (!period) throw invalidInput('period', `${PERIOD_FORMS}, with a year from 2000 to 2100`);
  return period;
}

export function assertTable(code: string): void {
  if (!STATISTICS_TABLE_CODES.includes(code)) throw new NotFoundError(`statistics table "${code}" (tables: ${STATISTICS_TABLE_CODES.join(', ')})`);
}

/** Validates a raw query against a DTO class exactly as the global pipe would (422 naming each bad field). */
export async function validatedQuery<T extends object>(cls: new () => T, raw: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(cls, raw);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length) {
    const fields = flattenValidationErrors(errors);
    throw new HttpException({ code: 'VALIDATION_FAILED', message: fields.map((f) => `${f.field}: ${f.messages.join('; ')}`), errors: fields }, HttpStatus.UNPROCESSABLE_ENTITY);
  }
  return dto;
}
