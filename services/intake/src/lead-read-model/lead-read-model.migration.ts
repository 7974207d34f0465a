/** Creates intake's lead read model from its declarations (lead-read-model.entities.ts). */
import { createTablesMigration } from '@jm/read-model';
import { LEAD_READ_MODEL_TABLES } from './lead-read-model.entities';

export const CreateLeadReadModel1764000000000 = createTablesMigration('CreateLeadReadModel1764000000000', LEAD_READ_MODEL_TABLES);
