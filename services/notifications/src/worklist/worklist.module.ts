/**
 * The to-do list (待办) and hand-off notices (docs/worklist.md): a projection
 * of the routing, case, meeting and obligation events (table worklist_item,
 * worklist_fact), its API, and the notices of each hand-off, sent through the
 * channels. Due times come from the deadline engine's clocks.
 */
import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { WorklistController } from './worklist.controller';
import { WorklistService } from './worklist.service';
import { WorklistBusController } from './worklist.bus.controller';
import { WorklistProjection } from './worklist.projection';

@Module({
  imports: [ChannelsModule],
  controllers: [WorklistController, WorklistBusController],
  providers: [WorklistProjection, WorklistService],
})
export class WorklistModule {}
