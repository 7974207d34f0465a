/** Ledgers: the lead ledger, the dynamic risk ledger and the statistics facts, projected from the bus (incrementally) and rebuilt from the event store on demand. */
import { Module } from '@nestjs/common';

@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class LedgersModule {}
