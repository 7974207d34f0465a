/** Query DTOs of the exports (a table's or a ledger's query with the file format), validated when the name is known. */
import { HttpException, HttpStatus } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors } from '@jm/platform';
import { LeadLedgerQuery, QueryEnum, RiskLedgerQuery } from '../ledger-queries/ledger.dto';
import { StatisticsQuery } from '../statistics-tables/statistics.dto';
import { EXPORT_FORMATS } from './export-writers';

export class TableExportQuery extends StatisticsQuery {
  @QueryEnum('format', EXPORT_FORMATS)
  format?: (typeof EXPORT_FORMATS)[number];
}

export class LeadExportQuery extends LeadLedgerQuery {
  @QueryEnum('format', EXPORT_FORMATS)
  format?: (typeof EXPORT_FORMATS)[number];
}

export class RiskExportQuery extends RiskLedgerQuery {
  @QueryEnum('format', EXPORT_FORMATS)
  format?: (typeof EXPORT_FORMATS)[number];
}

/** Validates a raw query against a DTO class exactly as the global pipe would (422 naming each bad field). */
export async function validatedQuery<T extends object>(cls: new () => T, raw: Record<string, unknown>): Promise<T> {
  const dto = plainToInstance(cls, raw);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  if (errors.length) {
    const fields = flattenValidationErrors(errors);
    throw new HttpException(
      { code: 'VALIDATION_FAILED', message: fields.map((f) => `${f.field}: ${f.messages.join('; ')}`), errors: fields },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  return dto;
}
