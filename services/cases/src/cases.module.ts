/**
 * Cases owns what happens to a lead once it is worth acting on: triage,
 * routing, verification, the case lifecycle, joint meetings and escalation.
 * Streams: routing-<leadId>, case-<caseId>, meeting-<meetingId>, aftermath-<caseId>, negotiation-<id> (NegotiationModule; and their
 * access-… logs). Read models: lead_triage, case_summary, case_visibility, meeting_summary.
 * Config, logging, the event store, the bus, auth, /health and /ready come from
 * ServiceCoreModule in @jm/platform.
 */
import { Module } from '@nestjs/common';
import { AftermathController } from './aftermath/aftermath.controller';
import { aftermathDecider } from './aftermath/aftermath.decider';
import { AFTERMATH_EVENT_SCHEMA_VERSIONS } from './aftermath/aftermath.events';
import { AftermathKeys } from './aftermath/aftermath-keys';
import { AftermathService } from './aftermath/aftermath.service';
import { AGENCY_REGISTRY, commandHandlerProvider, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import { AgencyRegistry } from '@jm/reference';
import { CaseController } from './case/case.controller';
import { CaseService } from './case/case.service';
import { caseDecider, CASE_EVENT_SCHEMA_VERSIONS } from './case/case.decider';
import { CasesBusController } from './cases.bus.controller';
import { AFTERMATH_COMMANDS, CASE_COMMANDS, MEETING_COMMANDS, ROUTING_RULES, TRIAGE_COMMANDS } from './common/command-support';
import { FederationBusController } from './federation/federation.bus.controller';
import { FederationCases } from './federation/federation.process-manager';
import { MeetingController } from './meeting/meeting.controller';
import { meetingDecider } from './meeting/meeting.decider';
import { MEETING_EVENT_SCHEMA_VERSIONS } from './meeting/meeting.events';
import { MeetingService } from './meeting/meeting.service';
import { NegotiationModule } from './negotiation/negotiation.module';
import { ProcessManagers } from './process-managers/process-managers';
import { RoutingRules } from './routing/routing-rules';
import { TriageController } from './triage/triage.controller';
import { triageDecider } from './triage/triage.decider';
import { TRIAGE_EVENT_SCHEMA_VERSIONS } from './triage/triage.events';
import { TriageService } from './triage/triage.service';

@Module({
  imports: [NegotiationModule],
  controllers: [TriageController, CaseController, AftermathController, MeetingController, CasesBusController, FederationBusController],
  providers: [
    commandHandlerProvider(TRIAGE_COMMANDS, triageDecider, TRIAGE_EVENT_SCHEMA_VERSIONS),
    commandHandlerProvider(CASE_COMMANDS, caseDecider, CASE_EVENT_SCHEMA_VERSIONS),
    commandHandlerProvider(MEETING_COMMANDS, meetingDecider, MEETING_EVENT_SCHEMA_VERSIONS),
    commandHandlerProvider(AFTERMATH_COMMANDS, aftermathDecider, AFTERMATH_EVENT_SCHEMA_VERSIONS),
    {
      // Read and validated at boot: a bad rules file stops the service with every problem listed.
      provide: ROUTING_RULES,
      useFactory: (config: ServiceConfig, registry: AgencyRegistry) => RoutingRules.fromFile(config.domain.routingRulesPath, registry),
      inject: [SERVICE_CONFIG, AGENCY_REGISTRY],
    },
    TriageService,
    CaseService,
    MeetingService,
    AftermathService,
    AftermathKeys,
    ProcessManagers,
    FederationCases,
  ],
})
export class CasesModule {}
