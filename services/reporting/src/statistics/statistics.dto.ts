/** Query DTOs of the statistics tables and the exports. */
import { ApiProperty } from '@nestjs/swagger';
import { Pattern } from '@jm/shared';
import { IsNotEmpty } from 'class-validator';
import { LANGS, LeadLedgerQuery, QueryEnum, RiskLedgerQuery } from './ledger.dto';
import { EXPORT_FORMATS } from './export-writers';
import { PERIOD_FORMS, PERIOD_PATTERN } from './period';
import { GROUP_BY } from './statistics-tables';

export class StatisticsQuery {
  @ApiProperty({ example: '2026-Q1', description: PERIOD_FORMS })
  @IsNotEmpty({ message: `period: required, ${PERIOD_FORMS}` })
  @Pattern(PERIOD_PATTERN, `period: ${PERIOD_FORMS}`)
  period!: string;

  @QueryEnum('by', GROUP_BY)
  by?: (typeof GROUP_BY)[number];

  @QueryEnum('lang', LANGS)
  lang?: (typeof LANGS)[number];
}

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
