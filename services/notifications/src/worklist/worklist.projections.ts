/** The to-do list as a projection: its bus controller calls it, and so does the restore drill's replay (notifications.projections.ts). */
import { projection } from '@jm/platform';
import { WORKLIST_EVENT_TYPES } from './worklist.evolve';
import type { WorklistProjection } from './worklist.projection';

export function worklistProjections(worklist: WorklistProjection) {
  return {
    /** Answers the hand-offs the channels turn into notices. */
    worklist: projection({ name: 'worklist', types: WORKLIST_EVENT_TYPES, project: (event, { manager }) => worklist.apply(manager, event) }),
  };
}
