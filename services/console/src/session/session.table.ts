/**
 * console_sessions: the live sign-in sessions, in the console's own database. The cookie holds 32 random bytes;
 * only their SHA-256 is stored, so a copy of this table opens no session. A row ends by sign-out, revocation
 * (revoked_at), the idle timeout (idle_expires_at, pushed on by each request) or the absolute one.
 */
import { column, createTablesMigration, entityOf, TableSpec } from '@jm/read-model';

export interface SessionRow {
  id: string;
  tokenHash: string;
  accountId: string;
  username: string;
  agency: string;
  /** JSON array of role codes. */
  roles: string;
  displayName: string;
  csrfToken: string;
  mustChangePassword: boolean;
  totpEnrolmentRequired: boolean;
  method: string;
  client: string;
  createdAt: string;
  lastSeenAt: string;
  idleExpiresAt: string;
  absoluteExpiresAt: string;
  endedAt: string | null;
  endReason: string | null;
}

export const CONSOLE_SESSIONS: TableSpec<SessionRow> = {
  table: 'console_sessions',
  ddl: 'table-api',
  columns: [
    column.varchar('id', 'id', 64, { primary: true }),
    column.varchar('tokenHash', 'token_hash', 64),
    column.varchar('accountId', 'account_id', 64),
    column.varchar('username', 'username', 32),
    column.varchar('agency', 'agency', 64),
    column.text('roles', 'roles'),
    column.varchar('displayName', 'display_name', 200),
    column.varchar('csrfToken', 'csrf_token', 64),
    column.boolean('mustChangePassword', 'must_change_password'),
    column.boolean('totpEnrolmentRequired', 'totp_enrolment_required'),
    column.varchar('method', 'method', 16),
    column.varchar('client', 'client', 64),
    column.varchar('createdAt', 'created_at', 40),
    column.varchar('lastSeenAt', 'last_seen_at', 40),
    column.varchar('idleExpiresAt', 'idle_expires_at', 40),
    column.varchar('absoluteExpiresAt', 'absolute_expires_at', 40),
    column.varchar('endedAt', 'ended_at', 40, { nullable: true }),
    column.varchar('endReason', 'end_reason', 32, { nullable: true }),
  ],
  indexes: [
    { name: 'IDX_console_sessions_token', keys: ['token_hash'] },
    { name: 'IDX_console_sessions_account', keys: ['account_id'] },
  ],
};

export const SessionEntity = entityOf<SessionRow>('ConsoleSession', CONSOLE_SESSIONS);
export const CreateConsoleSessions1780000000001 = createTablesMigration('CreateConsoleSessions1780000000001', [CONSOLE_SESSIONS]);
