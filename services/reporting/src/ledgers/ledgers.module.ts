/**
 * Ledgers: the lead ledger, the dynamic risk ledger, the statistics facts and
 * the access log, projected from the bus (incrementally, through the
 * projection gate) and rebuilt from the event store on demand (rebuild/).
 */
import { Module } from '@nestjs/common';
import { ProjectionRebuilds } from '../rebuild/projection-rebuilds.service';
import { ProjectionsController } from '../rebuild/projections.controller';
import { LedgersBusController } from './ledgers.bus.controller';
import { ProjectionGate } from './projection-gate';

@Module({
  imports: [],
  controllers: [LedgersBusController, ProjectionsController],
  providers: [ProjectionGate, ProjectionRebuilds],
  exports: [ProjectionGate, ProjectionRebuilds],
})
export class LedgersModule {}
