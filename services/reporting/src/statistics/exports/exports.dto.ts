/** Query DTOs of the exports: a table's or a ledger's query with the file format. */
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
