/** What the console adds to its own database: credentials, sessions, and the key vault's data keys that seal TOTP secrets. */
import { KEY_VAULT_SCHEMA } from '@jm/platform';
import type { ReadModelSchema } from '@jm/platform';
import { CreateConsoleCredentials1780000000000, CredentialEntity } from './accounts/credentials/credentials.table';
import { CreateConsoleSessions1780000000001, SessionEntity } from './session/session.table';

export const CONSOLE_READ_MODEL = {
  entities: [...KEY_VAULT_SCHEMA.entities, CredentialEntity, SessionEntity],
  migrations: [...KEY_VAULT_SCHEMA.migrations, CreateConsoleCredentials1780000000000, CreateConsoleSessions1780000000001],
} satisfies ReadModelSchema;
