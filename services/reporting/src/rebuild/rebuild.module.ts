/**
 * Rebuilds of the ledgers from the event store, on demand (POST /projections/rebuild):
 * its service and HTTP API. The ledgers' module is passed in (ReportingModule wires
 * both) for its projection gate and risk-ledger listener, so rebuild/ imports
 * ledgers/ and never the reverse.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { ProjectionRebuilds } from './projection-rebuilds.service';
import { ProjectionsController } from './projections.controller';

@Module({})
export class RebuildModule {
  static register(ledgers: DynamicModule): DynamicModule {
    return {
      module: RebuildModule,
      imports: [ledgers],
      controllers: [ProjectionsController],
      providers: [ProjectionRebuilds],
      exports: [ProjectionRebuilds],
    };
  }
}
