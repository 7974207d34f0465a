/**
 * GET /exports/:name?format=xlsx|csv: every ledger (leads, risks) and every
 * statistics table as a spreadsheet, Chinese headers and agency names by
 * default (lang=en for English). Ledgers are read in keyset batches and
 * written row by row, so the response starts at once and memory stays flat.
 */
import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Writable } from 'node:stream';
import { NotFoundError } from '@jm/event-sourcing';
import { AccessPurpose, CurrentPrincipal, Principal } from '@jm/platform';
import { Lang } from '@jm/reference';
import { splitLedgerQuery } from '../ledger-queries/ledger.dto';
import { iterateLeadLedger } from '../ledger-queries/lead-ledger.query';
import { iterateRiskLedger } from '../ledger-queries/risk-ledger.query';
import { leadExportColumns, riskExportColumns } from './ledger-export-columns';
import { CONTENT_TYPES, contentDisposition, csvWriter, ExportColumn, ExportFormat, SheetWriter, xlsxWriter } from './export-writers';
import { chinaDateTime, periodTitle } from '../vocabulary/period';
import { ReportAccess } from '../access/report-access';
import { ReportQueries } from '../ledger-queries/report-queries';
import { LeadExportQuery, RiskExportQuery, TableExportQuery, validatedQuery } from './exports.dto';
import { periodOf, STATISTICS_TABLE_CODES, statisticsTable } from '../statistics-tables/statistics-tables';

/** The parts of the Express response an export uses. */
type ExportResponse = Writable & { status(code: number): unknown; setHeader(name: string, value: string): unknown };

const LEDGERS = {
  leads: { ascii: 'lead-ledger', title: { 'zh-CN': '线索台账', en: 'Lead ledger' } },
  risks: { ascii: 'risk-ledger', title: { 'zh-CN': '动态管理台账', en: 'Dynamic risk ledger' } },
} as const;

export const EXPORT_NAMES = [...Object.keys(LEDGERS), ...STATISTICS_TABLE_CODES];

interface Sheet {
  ascii: string;
  fileTitle: string;
  title: string;
  sheetName: string;
  columns: ExportColumn[];
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  private readonly logger = new Logger('Exports');

  constructor(
    private readonly queries: ReportQueries,
    private readonly access: ReportAccess,
  ) {}

  @Get(':name')
  @ApiOperation({
    summary: `A ledger or statistics table as XLSX or CSV; names: ${EXPORT_NAMES.join(', ')}; ledgers take their filters, tables period and by`,
  })
  @ApiProduces(CONTENT_TYPES.xlsx, CONTENT_TYPES.csv)
  async export(
    @CurrentPrincipal() principal: Principal,
    @Param('name') name: string,
    @Query() raw: Record<string, unknown>,
    @Res() res: ExportResponse,
    @AccessPurpose({ description: 'Why the data is read; recorded in the access log.' }) purpose?: string,
  ): Promise<void> {
    if (!EXPORT_NAMES.includes(name)) throw new NotFoundError(`export "${name}" (exports: ${EXPORT_NAMES.join(', ')})`);
    const { sheet, format } = await this.sheetOf(principal, name, raw);
    await this.access.check(principal, name, [`export:${format}`], purpose);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', contentDisposition(`${sheet.ascii}.${format}`, `${sheet.fileTitle}.${format}`));
    res.setHeader('Cache-Control', 'no-store');
    const lang = (raw.lang === 'en' ? 'en' : 'zh-CN') as Lang;
    try {
      const writer: SheetWriter =
        format === 'csv' ? await csvWriter(res, sheet.columns, lang) : await xlsxWriter(res, sheet.sheetName, sheet.title, sheet.columns, lang);
      for await (const row of sheet.rows) await writer.row(row);
      await writer.end();
    } catch (error) {
      // Headers are gone: the only honest signal left is a broken download.
      this.logger.error({ err: error, export: name }, 'export failed while streaming');
      res.destroy(error as Error);
    }
  }

  private async sheetOf(principal: Principal, name: string, raw: Record<string, unknown>): Promise<{ sheet: Sheet; format: ExportFormat }> {
    const { db } = this.queries;
    if (name === 'leads' || name === 'risks') {
      const query = name === 'leads' ? await validatedQuery(LeadExportQuery, raw) : await validatedQuery(RiskExportQuery, raw);
      const ctx = this.queries.context(query.lang);
      const { filter } = splitLedgerQuery({ ...query, format: undefined });
      const rows =
        query instanceof LeadExportQuery
          ? iterateLeadLedger(db, principal, filter as LeadExportQuery, ctx)
          : iterateRiskLedger(db, principal, filter as RiskExportQuery, ctx);
      const ledger = LEDGERS[name];
      const at = chinaDateTime(ctx.now.toISOString());
      const day = at.slice(0, 10);
      const title = ctx.lang === 'en' ? `${ledger.title.en} (exported ${at} China time)` : `${ledger.title['zh-CN']}（导出时间 ${at}）`;
      const sheet: Sheet = {
        ascii: `${ledger.ascii}-${day}`,
        fileTitle: `${ledger.title[ctx.lang]}-${day}`,
        title,
        sheetName: ledger.title[ctx.lang],
        columns: name === 'leads' ? leadExportColumns(ctx.lang) : riskExportColumns(ctx.lang),
        rows: rows as AsyncIterable<Record<string, unknown>>,
      };
      return { sheet, format: query.format ?? 'xlsx' };
    }
    const query = await validatedQuery(TableExportQuery, raw);
    const period = periodOf(query.period);
    const ctx = this.queries.context(query.lang);
    const table = await statisticsTable(db, principal, name, period, query.by ?? 'unit', ctx);
    const when = periodTitle(period, ctx.lang);
    const title = ctx.lang === 'en' ? `${table.title} (${when})` : `${table.title}（${when}）`;
    return {
      format: query.format ?? 'xlsx',
      sheet: {
        ascii: `${name}-${period.code}`,
        fileTitle: title,
        title,
        sheetName: name,
        columns: table.columns,
        rows: [...table.rows, table.total],
      },
    };
  }
}
