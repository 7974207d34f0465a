/**
 * Admin API of notifications' dead letters (docs/operations/parked-events.md), shaped as /admin/parked-events:
 * reads for the admin or auditor of the top office, retry and discard for its admin.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems, CommandAccepted, CurrentPrincipal, DiscardDto, Principal, RawRequest } from '@jm/platform';
import type { CommandRequest } from '@jm/platform';
import { DeadLetterDetail, DeadLetterItem, DeadLetterPage, DeadLetterParams, ListDeadLettersQuery, MessageParams } from './dead-letters.dto';
import { DeadLettersService } from './dead-letters.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({ summary: 'Deliveries that failed for good (or were discarded), newest first; admin or auditor of the top office' })
  @ApiOkResponse({ type: DeadLetterPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListDeadLettersQuery): Promise<DeadLetterPage> {
    return this.deadLetters.list(principal, query);
  }

  @Get(':messageId')
  @ApiOperation({ summary: 'One message: what was requested, its dead or discarded targets with their last error, and who discarded them' })
  @ApiOkResponse({ type: DeadLetterDetail })
  get(@CurrentPrincipal() principal: Principal, @Param() { messageId }: MessageParams): Promise<DeadLetterDetail> {
    return this.deadLetters.get(principal, messageId);
  }

  @Post(':messageId/:target/retry')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({
    summary: 'Re-queue a dead (or discarded) target with the same message id (admin of the top office); 409 unless it is dead or discarded',
  })
  retry(@RawRequest() req: CommandRequest, @Param() { messageId, target }: DeadLetterParams): Promise<CommandAccepted> {
    return this.deadLetters.retry(req, messageId, target);
  }

  @Post(':messageId/:target/discard')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({
    summary: 'Set a dead target aside with a reason (admin of the top office): never sent, no longer listed as dead; 409 unless it is dead',
  })
  @ApiOkResponse({ type: DeadLetterItem })
  discard(
    @CurrentPrincipal() principal: Principal,
    @Param() { messageId, target }: DeadLetterParams,
    @Body() { reason }: DiscardDto,
  ): Promise<DeadLetterItem> {
    return this.deadLetters.discard(principal, messageId, target, reason);
  }
}
