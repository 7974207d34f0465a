/**
 * The session table's operations: open (a random 32-byte cookie value, stored as its SHA-256), find the live
 * session a cookie names (pushing its idle timeout on), end one or all of an account's, and keep the flags a
 * session carries (forced password change, TOTP enrolment, roles) in step with the account.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { Clock } from '@jm/event-sourcing';
import { CLOCK, InjectReadModel, InjectServiceConfig } from '@jm/platform';
import type { ServiceConfig } from '@jm/platform';
import type { ConsoleSession } from './session.port';
import { SessionEntity, SessionRow } from './session.table';

export interface OpenSession {
  /** Drawn by the caller, which records it in the account's SignedIn event first. */
  id: string;
  accountId: string;
  username: string;
  agency: string;
  roles: string[];
  displayName: string;
  mustChangePassword: boolean;
  totpEnrolmentRequired: boolean;
  method: 'password' | 'oidc';
  client: string;
}

/** A session as the console's own routes see it: the port's view plus the username. */
export interface LiveSession extends ConsoleSession {
  username: string;
}

export type SessionEndReason = 'sign_out' | 'revoked' | 'disabled' | 'password_reset' | 'password_changed';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
const addMinutes = (at: Date, minutes: number): string => new Date(at.getTime() + minutes * 60_000).toISOString();

export function toLiveSession(row: SessionRow): LiveSession {
  return {
    id: row.id,
    accountId: row.accountId,
    username: row.username,
    agency: row.agency,
    roles: JSON.parse(row.roles) as string[],
    displayName: row.displayName,
    mustChangePassword: Boolean(row.mustChangePassword),
    totpEnrolmentRequired: Boolean(row.totpEnrolmentRequired),
    csrfToken: row.csrfToken,
    idleExpiresAt: row.idleExpiresAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
  };
}

/** Constant-time equality of two strings (false for different lengths). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

@Injectable()
export class SessionStore {
  constructor(
    @InjectReadModel() private readonly db: DataSource,
    @InjectServiceConfig() private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private get repo() {
    return this.db.getRepository(SessionEntity);
  }

  private get settings() {
    return this.config.domain.console;
  }

  /** Opens a session; `token` goes into the cookie and is never stored. */
  async open(input: OpenSession): Promise<{ token: string; session: LiveSession; maxAgeSeconds: number }> {
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const row: SessionRow = {
      tokenHash: sha256(token),
      ...input,
      roles: JSON.stringify(input.roles),
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      idleExpiresAt: addMinutes(now, this.settings.sessionIdleMinutes),
      absoluteExpiresAt: addMinutes(now, this.settings.sessionMaxHours * 60),
      endedAt: null,
      endReason: null,
    };
    await this.repo.insert(row);
    return { token, session: toLiveSession(row), maxAgeSeconds: this.settings.sessionMaxHours * 3600 };
  }

  /** The live session of a cookie value, its idle timeout pushed on; undefined when none, ended or timed out. */
  async findLive(token: string | undefined): Promise<LiveSession | undefined> {
    if (!token || token.length > 100) return undefined;
    const row = await this.repo.findOneBy({ tokenHash: sha256(token), endedAt: IsNull() });
    if (!row) return undefined;
    const now = this.clock.now();
    const at = now.toISOString();
    if (row.idleExpiresAt <= at || row.absoluteExpiresAt <= at) return undefined;
    const idle = addMinutes(now, this.settings.sessionIdleMinutes);
    row.idleExpiresAt = idle < row.absoluteExpiresAt ? idle : row.absoluteExpiresAt;
    row.lastSeenAt = at;
    await this.repo.update({ id: row.id }, { idleExpiresAt: row.idleExpiresAt, lastSeenAt: at });
    return toLiveSession(row);
  }

  async end(sessionId: string, reason: SessionEndReason): Promise<void> {
    await this.repo.update({ id: sessionId, endedAt: IsNull() }, { endedAt: this.clock.now().toISOString(), endReason: reason });
  }

  /** Ends every live session of an account (but `except`); the number ended. */
  async endAllOf(accountId: string, reason: SessionEndReason, except?: string): Promise<number> {
    const live = await this.liveOf(accountId);
    const ids = live.map((s) => s.id).filter((id) => id !== except);
    for (const id of ids) await this.end(id, reason);
    return ids.length;
  }

  /** The live sessions of an account, newest first. */
  async liveOf(accountId: string): Promise<SessionRow[]> {
    const at = this.clock.now().toISOString();
    const rows = await this.repo.find({ where: { accountId, endedAt: IsNull() }, order: { createdAt: 'DESC' } });
    return rows.filter((r) => r.idleExpiresAt > at && r.absoluteExpiresAt > at);
  }

  async update(sessionId: string, change: Partial<Pick<SessionRow, 'mustChangePassword' | 'totpEnrolmentRequired'>>): Promise<void> {
    await this.repo.update({ id: sessionId }, change);
  }

  /** Roles changed by an admin reach the account's open sessions at once. */
  async setRolesOf(accountId: string, roles: string[]): Promise<void> {
    await this.repo.update({ accountId, endedAt: IsNull() }, { roles: JSON.stringify(roles) });
  }
}
