/**
 * Cross-region negotiation (跨区域协商) in cases: the stream negotiation-<id> (and its access-negotiation-… log),
 * the read model negotiation_summary, the API under /negotiations, the bus handlers and the due check (on the working-day calendar, HOLIDAY_CALENDAR_DIR).
 * Imported by CasesModule; the platform (config, clock, store, bus, federation, auth) comes from ServiceCoreModule.
 */
import { Module } from '@nestjs/common';
import { commandHandlerProvider, workingCalendarProvider } from '@jm/platform';
import { NegotiationDueCheck } from './negotiation-due-check';
import { NegotiationBusController } from './negotiation.bus.controller';
import { NEGOTIATION_COMMANDS } from './negotiation.commands';
import { NegotiationController } from './negotiation.controller';
import { negotiationDecider } from './negotiation.decider';
import { NEGOTIATION_EVENT_SCHEMA_VERSIONS } from './negotiation.events';
import { CrossRegionProcess } from './negotiation.process';
import { NegotiationService } from './negotiation.service';

@Module({
  controllers: [NegotiationController, NegotiationBusController],
  providers: [
    commandHandlerProvider(NEGOTIATION_COMMANDS, negotiationDecider, NEGOTIATION_EVENT_SCHEMA_VERSIONS),
    NegotiationService,
    CrossRegionProcess,
    NegotiationDueCheck,
    workingCalendarProvider,
  ],
})
export class NegotiationModule {}
