/** Statistics: the campaign's statistics tables and enforcement figures over the facts, analyst queries of the ledgers, and XLSX/CSV exports. */
import { Module } from '@nestjs/common';

@Module({
  imports: [],
  controllers: [],
  providers: [],
})
export class StatisticsModule {}
