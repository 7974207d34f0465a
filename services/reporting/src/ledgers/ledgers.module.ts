/**
 * Ledgers: the lead ledger, the dynamic risk ledger, the statistics facts and
 * the access log, projected from the bus (incrementally, through the
 * projection gate). Rebuilt from the event store on demand by rebuild/, whose
 * module gets the gate and the listener from this one.
 * Who hears of the risk ledger's writes is passed in (register), so the write
 * side does not import the read side.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { LedgersBusController } from './ledgers.bus.controller';
import { ProjectionGate } from './projection-gate';
import { RISK_LEDGER_LISTENER, RiskLedgerListener } from './risk-ledger-listener';

@Module({})
export class LedgersModule {
  static register(riskLedger: RiskLedgerListener): DynamicModule {
    return {
      module: LedgersModule,
      controllers: [LedgersBusController],
      providers: [ProjectionGate, { provide: RISK_LEDGER_LISTENER, useValue: riskLedger }],
      exports: [ProjectionGate, RISK_LEDGER_LISTENER],
    };
  }
}
