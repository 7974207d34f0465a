/**
 * Admin API of this service's parked events (docs/operations/parked-events.md): every service mounts it through
 * ServiceCoreModule. Reads: an admin or auditor of the top office; replay and discard: its admin.
 */
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../nest/openapi';
import { CurrentPrincipal } from '../security/auth.guard';
import type { Principal } from '../security/principal';
import { DiscardDto, ListParkedQuery, ParkedEventDetail, ParkedEventPage, ParkedEventParams, ParkedEventSummary } from './parked-events.dto';
import { ParkedEventsService } from './parked-events.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/parked-events')
export class ParkedEventsController {
  constructor(private readonly parked: ParkedEventsService) {}

  @Get()
  @ApiOperation({
    summary: 'Events this service’s consumer parked after its handler kept failing, newest first (no payload); admin or auditor of the top office',
  })
  @ApiOkResponse({ type: ParkedEventPage })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListParkedQuery): Promise<ParkedEventPage> {
    return this.parked.list(principal, query);
  }

  @Get(':group/:eventId')
  @ApiOperation({ summary: 'One parked event: its payload (decoded, or the raw message), the error, attempts and where it was read' })
  @ApiOkResponse({ type: ParkedEventDetail })
  get(@CurrentPrincipal() principal: Principal, @Param() { group, eventId }: ParkedEventParams): Promise<ParkedEventDetail> {
    return this.parked.get(principal, group, eventId);
  }

  @Post(':group/:eventId/replay')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({
    summary:
      'Run the handler again on a parked event (admin of the top office); 409 REPLAY_FAILED when it fails again (it stays parked), 409 INVALID_TRANSITION unless it is parked',
  })
  @ApiOkResponse({ type: ParkedEventSummary })
  replay(@CurrentPrincipal() principal: Principal, @Param() { group, eventId }: ParkedEventParams): Promise<ParkedEventSummary> {
    return this.parked.replay(principal, group, eventId);
  }

  @Post(':group/:eventId/discard')
  @HttpCode(200)
  @ApiProblems(409)
  @ApiOperation({ summary: 'Discard a parked event with a reason (admin of the top office); 409 unless it is parked' })
  @ApiOkResponse({ type: ParkedEventSummary })
  discard(
    @CurrentPrincipal() principal: Principal,
    @Param() { group, eventId }: ParkedEventParams,
    @Body() { reason }: DiscardDto,
  ): Promise<ParkedEventSummary> {
    return this.parked.discard(principal, group, eventId, reason);
  }
}
