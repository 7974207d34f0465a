/**
 * The analysis API (docs/analysis.md): POST /analysis/queries answers a
 * structured query from the analytic engine; POST /analysis/exports writes the
 * same answer as XLSX or CSV. Readers of reports only, each within its scope.
 */
import { Body, Controller, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AccessPurpose, CurrentPrincipal, languageOf, Principal } from '@jm/platform';
import { EXPORT_FORMATS, ExportFormat } from '../statistics/exports/export-writers';
import { AnalysisQueryDto } from './analysis.dto';
import type { AnalysisResult } from './analysis-result';
import { AnalysisService, ENGINE_RETRY_AFTER_SECONDS, ExportResponse } from './analysis.service';
import { ANALYSIS_RESULT_SCHEMA } from './analysis.schema';

const PROBLEM = { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } };
const LOADING = {
  status: 503,
  description: `SERVICE_UNAVAILABLE: the analytic engine is still loading; Retry-After (${ENGINE_RETRY_AFTER_SECONDS} s) says when to ask again`,
  headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' } },
  ...PROBLEM,
};

type LangRequest = Parameters<typeof languageOf>[0];
export class AnalysisExportParams {
  @IsOptional()
  @IsIn(EXPORT_FORMATS, { message: `format: one of ${EXPORT_FORMATS.join(', ')}` })
  format?: ExportFormat;
}

@ApiTags('analysis')
@ApiBearerAuth()
@Controller('analysis')
export class AnalysisController {
  constructor(private readonly analyses: AnalysisService) {}

  @Post('queries')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "An analysis (分析) of the risk ledger within the caller's scope: group by up to 3 dimensions, measures, periods of opening with yoy/mom, filters, sort, top-N; labels zh-CN, English with Accept-Language: en",
  })
  @ApiOkResponse({ description: 'The rows, totals, columns and drill-downs', schema: ANALYSIS_RESULT_SCHEMA })
  @ApiResponse(LOADING)
  query(
    @CurrentPrincipal() principal: Principal,
    @Body() body: AnalysisQueryDto,
    @Req() req: LangRequest,
    @AccessPurpose({ description: 'Why the data is read; recorded in the access log.' }) purpose?: string,
  ): Promise<AnalysisResult> {
    return this.analyses.run(principal, body, languageOf(req), purpose);
  }

  @Post('exports')
  @HttpCode(200)
  @ApiOperation({ summary: 'The same analysis as an XLSX or CSV file, headers in Chinese (English with Accept-Language: en), a totals line last' })
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS })
  @ApiOkResponse({ description: 'The file: the columns of the analysis as headers, one line per row, the totals last' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/csv; charset=utf-8')
  @ApiResponse(LOADING)
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query() params: AnalysisExportParams,
    @Body() body: AnalysisQueryDto,
    @Req() req: LangRequest,
    @Res() res: ExportResponse,
    @AccessPurpose({ description: 'Why the data is read; recorded in the access log.' }) purpose?: string,
  ): Promise<void> {
    await this.analyses.export(principal, body, params.format ?? 'xlsx', languageOf(req), res, purpose);
  }
}
