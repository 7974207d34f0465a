/** GET /ledgers/leads (线索台账) and GET /ledgers/risks (动态管理台账): filtered, sorted, paged, scoped and logged. */
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPurpose, CurrentPrincipal, Principal } from '@jm/platform';
import { LeadLedgerQuery, RiskLedgerQuery, splitLedgerQuery } from './ledger.dto';
import { LedgerPage } from './ledger-query';
import { LeadLedgerItem, queryLeadLedger } from './lead-ledger.query';
import { queryRiskLedger, RiskLedgerItem } from './risk-ledger.query';
import { ReportAccess } from '../access/report-access';
import { ReportQueries } from './report-queries';

@ApiTags('ledgers')
@ApiBearerAuth()
@Controller('ledgers')
export class LedgerQueryController {
  constructor(
    private readonly queries: ReportQueries,
    private readonly access: ReportAccess,
  ) {}

  @Get('leads')
  @ApiOperation({ summary: "The lead ledger (线索台账) within the caller's scope; total counted up to 10,000 (totalIsExact)" })
  async leads(
    @CurrentPrincipal() principal: Principal,
    @Query() query: LeadLedgerQuery,
    @AccessPurpose({ description: 'Why the data is read; recorded in the access log.' }) purpose?: string,
  ): Promise<LedgerPage<LeadLedgerItem>> {
    await this.access.check(principal, 'ledger-leads', ['ledger'], purpose);
    const { filter, page } = splitLedgerQuery(query);
    return queryLeadLedger(this.queries.db, principal, filter, page, this.queries.context(query.lang));
  }

  @Get('risks')
  @ApiOperation({
    summary:
      "The dynamic risk ledger (动态管理台账) within the caller's scope; total exact from the analytic engine once loaded, else counted up to 10,000 (totalIsExact)",
  })
  async risks(
    @CurrentPrincipal() principal: Principal,
    @Query() query: RiskLedgerQuery,
    @AccessPurpose({ description: 'Why the data is read; recorded in the access log.' }) purpose?: string,
  ): Promise<LedgerPage<RiskLedgerItem>> {
    await this.access.check(principal, 'ledger-risks', ['ledger'], purpose);
    const { filter, page } = splitLedgerQuery(query);
    return queryRiskLedger(this.queries.db, principal, filter, page, await this.queries.riskContext(query.lang));
  }
}
