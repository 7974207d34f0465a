/**
 * HTTP API of one message's deliveries: its state per target (for whoever may
 * replay it), and the replay of a dead letter, which re-queues it with the
 * same message id. Replay: an admin, an office whose region contains the
 * recipient, or the recipient agency's own officer.
 */
import { Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, EtagResponse, Principal, RawRequest, withEtag } from '@jm/platform';
import type { CommandRequest } from '@jm/platform';
import { DeliveriesService } from './deliveries.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class DeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get(':messageId')
  @ApiOperation({ summary: 'A message and the state of each of its targets (attempts, status, next attempt, last error)' })
  async get(@CurrentPrincipal() principal: Principal, @Param('messageId') messageId: string) {
    return this.deliveries.get(principal, messageId);
  }

  @Post(':messageId/deliveries/:target/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Re-queue a dead-lettered target (e.g. webhook:oa) with the same message id; 409 unless it is dead' })
  async replay(
    @RawRequest() req: CommandRequest,
    @Param('messageId') messageId: string,
    @Param('target') target: string,
    @Res({ passthrough: true }) res: EtagResponse,
  ) {
    return withEtag(res, await this.deliveries.replay(req, messageId, target));
  }
}
