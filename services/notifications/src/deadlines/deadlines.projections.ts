/** The deadline engine's read models as projections (clocks, obligations): its bus controller calls them, and so does the restore drill's replay (notifications.projections.ts). */
import { DEADLINE_EVENT_TYPES, DEADLINE_STREAM_PREFIX, OBLIGATION_EVENT_TYPES, OBLIGATION_STREAM_PREFIX } from '@jm/contracts';
import { projection } from '@jm/platform';
import type { DeadlinesProjection } from './deadlines.projection';

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
