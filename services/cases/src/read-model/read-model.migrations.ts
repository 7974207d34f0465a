/** Schema of the cases read models, from their declarations (read-model.entities.ts). */
import { createTablesMigration } from '@jm/read-model';
import { CASES_READ_MODEL_TABLES } from './read-model.entities';

export const CreateCasesReadModels1764000000000 = createTablesMigration('CreateCasesReadModels1764000000000', CASES_READ_MODEL_TABLES);
