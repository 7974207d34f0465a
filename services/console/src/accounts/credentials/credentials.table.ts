/**
 * console_credentials: what proves an account's holder, kept out of the events (docs/decisions.md): one row per
 * account, keyed by its username (unique across the deployment by the key itself). The password as an scrypt hash
 * with its parameters; the TOTP secret sealed with a data key of the key vault (wrapped by KEY_ENCRYPTION_KEY),
 * the pending one during enrolment too; the last TOTP step used, so a code is never accepted twice.
 */
import { column, createTablesMigration, entityOf, TableSpec } from '@jm/read-model';

export interface CredentialRow {
  username: string;
  accountId: string;
  agency: string;
  /** `scrypt$N$r$p$salt$hash`; null for an account that signs in through the identity platform. */
  passwordHash: string | null;
  /** JSON of the sealed secret (SealedValue); null when TOTP is off. */
  totpSecret: string | null;
  /** JSON of the sealed secret being enrolled (setup done, not confirmed). */
  totpPending: string | null;
  totpLastStep: number | null;
  /** `issuer#subject` of an external identity; null for password accounts. */
  externalKey: string | null;
  createdAt: string;
  updatedAt: string;
}

const asNumber = { to: (value: number | null) => value, from: (value: string | number | null) => (value === null ? null : Number(value)) };

export const CONSOLE_CREDENTIALS: TableSpec<CredentialRow> = {
  table: 'console_credentials',
  ddl: 'table-api',
  columns: [
    column.varchar('username', 'username', 32, { primary: true }),
    column.varchar('accountId', 'account_id', 64),
    column.varchar('agency', 'agency', 64),
    column.text('passwordHash', 'password_hash', { nullable: true }),
    column.text('totpSecret', 'totp_secret', { nullable: true }),
    column.text('totpPending', 'totp_pending', { nullable: true }),
    column.bigint('totpLastStep', 'totp_last_step', { nullable: true, transformer: asNumber }),
    column.varchar('externalKey', 'external_key', 400, { nullable: true }),
    column.varchar('createdAt', 'created_at', 40),
    column.varchar('updatedAt', 'updated_at', 40),
  ],
  indexes: [
    { name: 'IDX_console_credentials_account', keys: ['account_id'] },
    { name: 'IDX_console_credentials_agency', keys: ['agency'] },
    { name: 'IDX_console_credentials_external', keys: ['external_key'] },
  ],
};

export const CredentialEntity = entityOf<CredentialRow>('ConsoleCredential', CONSOLE_CREDENTIALS);
export const CreateConsoleCredentials1780000000000 = createTablesMigration('CreateConsoleCredentials1780000000000', [CONSOLE_CREDENTIALS]);
