/**
 * The notifications service's projections: the deadline engine's clocks and obligations, the to-do list and the
 * inbox's read marks, each a write of one event through the consumer's transaction. The live handlers
 * (deadlines/, worklist/, channels/*.bus.controller.ts) call these, then the engine (its commands) and the channels
 * (messages appended, outbox and inbox rows, sending); the restore drill's replay calls only these. The channels'
 * outbox and inbox are not here: they are written by the step that appends a message and by delivery, not
 * projected from the log (docs/operations/backup.md).
 */
import { ServiceProjections, type WorkingCalendar } from '@jm/platform';
import type { AgencyRegistry } from '@jm/reference';
import { CHANNEL_PROJECTIONS } from './channels/channels.projections';
import { DeadlinesProjection } from './deadlines/deadlines.projection';
import { deadlineProjections } from './deadlines/deadlines.projections';
import type { DeadlinePolicies } from './deadlines/policy/deadline-policies';
import { WorklistProjection } from './worklist/worklist.projection';
import { worklistProjections } from './worklist/worklist.projections';

export interface NotificationsProjectionDeps {
  policies: DeadlinePolicies;
  calendar: WorkingCalendar;
  registry: AgencyRegistry;
}

/** All of them, built from what the service reads at boot (the policies, the calendar, the agency registry). */
export function notificationsProjections(deps: NotificationsProjectionDeps): ServiceProjections {
  return {
    service: 'notifications',
    projections: [
      ...Object.values(deadlineProjections(new DeadlinesProjection(deps.policies, deps.calendar, deps.registry))),
      ...Object.values(worklistProjections(new WorklistProjection(deps.registry))),
      ...Object.values(CHANNEL_PROJECTIONS),
    ],
  };
}
