/** HTTP API of the to-do list (待办): a unit's, the caller's, and the counts per unit (docs/worklist.md). */
import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, languageOf, Principal } from '@jm/platform';
import { ListTodoQuery, UnitTodoQuery } from './worklist.dto';
import { WorklistService } from './worklist.service';

type HttpReq = Parameters<typeof languageOf>[0];

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('worklist')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get('mine')
  @ApiOperation({ summary: "The caller's to-do list: its unit's items for the roles it holds, newest hand-over first, open before closed" })
  async mine(@CurrentPrincipal() principal: Principal, @Query() query: ListTodoQuery, @Req() req: HttpReq) {
    return this.worklist.mine(principal, query, languageOf(req));
  }

  @Get('counts')
  @ApiOperation({ summary: 'Open, due soon and overdue items per unit the caller may see (an office: the units of its region)' })
  async counts(@CurrentPrincipal() principal: Principal, @Req() req: HttpReq) {
    return this.worklist.counts(principal, languageOf(req));
  }

  @Get()
  @ApiOperation({
    summary:
      "A unit's to-do list (the caller's own unit by default; another unit for an office over it; others 404), newest hand-over first, open before closed",
  })
  async unit(@CurrentPrincipal() principal: Principal, @Query() query: UnitTodoQuery, @Req() req: HttpReq) {
    return this.worklist.unitList(principal, query.unit ?? principal.agency, query, languageOf(req));
  }
}
