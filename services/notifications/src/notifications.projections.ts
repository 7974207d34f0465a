/**
 * The notifications service's projections: the deadline engine's clocks and obligations, the to-do list and the
 * inbox's read marks, each a write of one event through the consumer's transaction. The live handlers
 * (deadlines/, worklist/, channels/*.bus.controller.ts) call these, then the engine (its commands) and the channels
 * (messages appended, outbox and inbox rows, sending); the restore drill's replay calls only these. The channels'
 * outbox and inbox are not here: they are written by the step that appends a message and by delivery, not
 * projected from the log (docs/operations/backup.md).
 */
import {
  DEADLINE_EVENT_TYPES,
  DEADLINE_STREAM_PREFIX,
  NOTIFICATION_STREAM_PREFIX,
  OBLIGATION_EVENT_TYPES,
  OBLIGATION_STREAM_PREFIX,
} from '@jm/contracts';
import type { NotificationReadData } from '@jm/contracts';
import { projection, ServiceProjections, type WorkingCalendar } from '@jm/platform';
import type { AgencyRegistry } from '@jm/reference';
import { recordRead } from './channels/delivery/outbox';
import { DeadlinesProjection } from './deadlines/deadlines.projection';
import type { DeadlinePolicies } from './deadlines/policy/deadline-policies';
import { WORKLIST_EVENT_TYPES } from './worklist/worklist.evolve';
import { WorklistProjection } from './worklist/worklist.projection';

export function deadlineProjections(deadlines: DeadlinesProjection) {
  return {
    clocks: projection({
      name: 'deadline_clock',
      types: Object.values(DEADLINE_EVENT_TYPES),
      streamPrefix: DEADLINE_STREAM_PREFIX,
      project: (event, { manager }) => deadlines.clockEvent(manager, event),
    }),
    obligations: projection({
      name: 'deadline_obligation',
      types: Object.values(OBLIGATION_EVENT_TYPES),
      streamPrefix: OBLIGATION_STREAM_PREFIX,
      project: (event, { manager }) => deadlines.obligationEvent(manager, event),
    }),
  };
}

export function worklistProjections(worklist: WorklistProjection) {
  return {
    /** Answers the hand-offs the channels turn into notices. */
    worklist: projection({ name: 'worklist', types: WORKLIST_EVENT_TYPES, project: (event, { manager }) => worklist.apply(manager, event) }),
  };
}

export const CHANNEL_PROJECTIONS = {
  readMarks: projection({
    name: 'notification_inbox_read',
    types: ['NotificationRead'],
    streamPrefix: NOTIFICATION_STREAM_PREFIX,
    project: (event, { manager }) => recordRead(manager, event.data as NotificationReadData),
  }),
};

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
