/**
 * HTTP API of saved analyses (docs/analysis.md): each analyst saves, lists,
 * reads, changes and deletes their own; another user's id is 404, a role that
 * reads no reports 403. Writes answer the stream version (ETag; If-Match
 * refuses a stale one with 409).
 */
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CurrentPrincipal, EtagResponse, Principal, RawRequest, withEtag } from '@jm/platform';
import type { CommandRequest } from '@jm/platform';
import { ChangeAnalysisDto, SaveAnalysisDto, SavedAnalysisParams } from './saved-analysis.dto';
import { SavedAnalyses, SavedAnalysisAnswer, SavedAnalysisView } from './saved-analyses.service';

@ApiTags('analysis')
@ApiBearerAuth()
@Controller('analysis/saved')
export class SavedAnalysesController {
  constructor(private readonly saved: SavedAnalyses) {}

  @Post()
  @ApiOperation({ summary: 'Save an analysis (name and query) as the caller’s own; recorded as AnalysisSaved on analysis-<id>' })
  async save(
    @RawRequest() req: CommandRequest,
    @Body() dto: SaveAnalysisDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<SavedAnalysisAnswer> {
    return withEtag(res, await this.saved.save(req, dto.name, dto.query));
  }

  @Get()
  @ApiOperation({ summary: 'The caller’s saved analyses, the latest changed first' })
  list(@CurrentPrincipal() principal: Principal): Promise<SavedAnalysisView[]> {
    return this.saved.list(principal);
  }

  @Get(':id')
  @ApiProblems(404)
  @ApiOperation({ summary: 'One of the caller’s saved analyses' })
  async get(@CurrentPrincipal() principal: Principal, @Param() params: SavedAnalysisParams, @Res({ passthrough: true }) res: EtagResponse) {
    const view = await this.saved.get(principal, params.id);
    res.setHeader('ETag', `"${view.version}"`);
    return view;
  }

  @Put(':id')
  @ApiProblems(404, 409)
  @ApiHeader({ name: 'If-Match', required: false, description: 'Stream version last seen (ETag); a stale one is 409.' })
  @ApiOperation({ summary: 'Rename one of the caller’s saved analyses or change its query; the same again changes nothing' })
  async change(
    @RawRequest() req: CommandRequest,
    @Param() params: SavedAnalysisParams,
    @Body() dto: ChangeAnalysisDto,
    @Res({ passthrough: true }) res: EtagResponse,
  ): Promise<SavedAnalysisAnswer> {
    return withEtag(res, await this.saved.change(req, params.id, dto));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiProblems(404, 409)
  @ApiOperation({ summary: 'Delete one of the caller’s saved analyses' })
  async remove(@RawRequest() req: CommandRequest, @Param() params: SavedAnalysisParams): Promise<void> {
    await this.saved.remove(req, params.id);
  }
}
