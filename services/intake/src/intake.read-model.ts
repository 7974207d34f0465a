/**
 * What intake adds to its own database: the lead read model, the match index
 * and the key vault's data keys (informant identities are sealed with them;
 * kept apart from the events so that deleting one shreds the identity).
 */
import { KEY_VAULT_SCHEMA, ReadModelSchema } from '@jm/platform';
import { LEAD_READ_MODEL_ENTITIES } from './lead-read-model/lead-read-model.entities';
import { CreateLeadReadModel1764000000000 } from './lead-read-model/lead-read-model.migration';
import { CreateMatchIndex1764000000001, MatchIndexEntity } from './lead-read-model/match-index.entity';

export const INTAKE_READ_MODEL = {
  entities: [...LEAD_READ_MODEL_ENTITIES, MatchIndexEntity, ...KEY_VAULT_SCHEMA.entities],
  migrations: [CreateLeadReadModel1764000000000, CreateMatchIndex1764000000001, ...KEY_VAULT_SCHEMA.migrations],
} satisfies ReadModelSchema;
