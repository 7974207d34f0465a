/**
 * The deadline engine: statutory clocks on the working-day calendar,
 * reminders, misses, escalation and periodic obligations (docs/deadlines.md).
 * Streams: deadline-<clockId>, obligation-<obligationId>. Read model:
 * deadline_clock, deadline_obligation. The policies file and the calendar
 * directory are read and validated at boot: a bad one stops the service with
 * every problem listed.
 */
import { Module } from '@nestjs/common';
import { commandHandlerProvider, SERVICE_CONFIG, ServiceConfig, workingCalendarProvider } from '@jm/platform';
import { DeadlinesController } from './deadlines.controller';
import { DeadlinesService } from './deadlines.service';
import { CalendarController } from './calendar/calendar.controller';
import { clockDecider } from './clock/clock.decider';
import { DeadlineEngine } from './deadline-engine';
import { DeadlineScheduler } from './deadline-scheduler';
import { DeadlinesBusController } from './deadlines.bus.controller';
import { DeadlinesMetrics } from './deadlines.metrics';
import { DeadlinesProjection } from './deadlines.projection';
import { CLOCK_COMMANDS, DEADLINE_POLICIES, OBLIGATION_COMMANDS } from './deadlines.tokens';
import { obligationDecider } from './obligation/obligation.decider';
import { DeadlinePolicies } from './policy/deadline-policies';

@Module({
  controllers: [DeadlinesController, CalendarController, DeadlinesBusController],
  providers: [
    commandHandlerProvider(CLOCK_COMMANDS, clockDecider),
    commandHandlerProvider(OBLIGATION_COMMANDS, obligationDecider),
    {
      provide: DEADLINE_POLICIES,
      useFactory: (config: ServiceConfig) => DeadlinePolicies.fromFile(config.domain.deadlinePoliciesPath),
      inject: [SERVICE_CONFIG],
    },
    workingCalendarProvider,
    DeadlineEngine,
    DeadlineScheduler,
    DeadlinesProjection,
    DeadlinesService,
    DeadlinesMetrics,
  ],
})
export class DeadlinesModule {}
