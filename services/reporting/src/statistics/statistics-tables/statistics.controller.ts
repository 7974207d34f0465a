/** GET /statistics (the tables and their columns) and GET /statistics/:table (one table for a period, grouped). */
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPurpose, CurrentPrincipal, Principal } from '@jm/platform';
import { ReportAccess } from '../access/report-access';
import { ReportQueries } from '../ledger-queries/report-queries';
import { StatisticsQuery } from './statistics.dto';
import { assertTable, GROUP_BY, GROUP_LABELS, periodOf, STATISTICS_TABLES, statisticsTable, StatisticsTable } from './statistics-tables';
import { PERIOD_FORMS } from '../vocabulary/period';

@ApiTags('statistics')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly queries: ReportQueries,
    private readonly access: ReportAccess,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The statistics tables: code, zh-CN and English titles, columns; the periods and groupings they take' })
  list() {
    return { tables: STATISTICS_TABLES, periods: PERIOD_FORMS, by: GROUP_BY.map((code) => ({ code, label: GROUP_LABELS[code] })) };
  }

  @Get(':table')
  @ApiOperation({
    summary:
      'One statistics table for a period (month, quarter, half-year, year), grouped by unit, street, field, category or month, with a total row',
  })
  async table(
    @CurrentPrincipal() principal: Principal,
    @Param('table') code: string,
    @Query() query: StatisticsQuery,
    @AccessPurpose({ description: 'Why the data is read; recorded in the access log.' }) purpose?: string,
  ): Promise<StatisticsTable> {
    assertTable(code);
    const period = periodOf(query.period);
    await this.access.check(principal, code, ['table'], purpose);
    return statisticsTable(this.queries.db, principal, code, period, query.by ?? 'unit', this.queries.context(query.lang));
  }
}
