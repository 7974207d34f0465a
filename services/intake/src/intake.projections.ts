/**
 * Intake's projections: the lead read model (summary, status, need-to-know) and matching's index of match keys, both
 * pure functions of the log written through the consumer's transaction (buffered, lead-read-model.buffer.ts). The live
 * consumer (intake.consumer.ts) runs these, then matching's links; the restore drill's replay runs only these.
 */
import { projection, ServiceProjections } from '@jm/platform';
import { LEAD_READ_MODEL_EVENTS, LeadReadModelProjection } from './lead-read-model/lead-read-model.projection';
import { indexMatchKeys } from './matching/matching.process-manager';

const leadReadModel = new LeadReadModelProjection();

export const INTAKE_PROJECTIONS = {
  leadReadModel: projection({
    name: 'lead read model',
    types: LEAD_READ_MODEL_EVENTS,
    project: (event, { manager, transaction }) => leadReadModel.apply(event, manager, transaction),
  }),
  matchIndex: projection({
    name: 'match_index',
    types: ['LeadReceived', 'CaseOpened'],
    project: (event, { manager, transaction }) => indexMatchKeys(event, manager, transaction),
  }),
};

export const intakeProjections: ServiceProjections = { service: 'intake', projections: Object.values(INTAKE_PROJECTIONS) };
