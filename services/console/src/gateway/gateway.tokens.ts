/**
 * The bearer token a forwarded request carries: the session's identity (sub =
 * account, agency, roles, name) signed with the services' JWT secret for a few
 * minutes. One token per session and identity is reused until a minute before
 * it expires, so a busy screen does not sign on every call; a role change
 * (another identity) gets a token of its own at once.
 */
import { Inject, Injectable } from '@nestjs/common';
import { signToken } from '@jm/platform';
import type { ConsoleSession } from '../session/session.port';
import type { GatewayConfig } from './gateway.config';

export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
/** Reuse a token only while it has at least this long to live (a forwarded call must not outlive it). */
const RENEW_BEFORE_SECONDS = 60;
/** Bound on cached tokens; expired ones are dropped first, then the oldest. */
const MAX_CACHED = 10_000;

@Injectable()
export class GatewayTokens {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();

  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  tokenFor(session: ConsoleSession): string {
    const key = JSON.stringify([session.id, session.accountId, session.agency, [...session.roles].sort(), session.displayName]);
    const now = Date.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt - now > RENEW_BEFORE_SECONDS * 1000) return cached.token;
    // The token never reaches the browser, and every request checks the session first: revoking it stops forwarding at once.
    const ttlSeconds = this.config.tokenTtlSeconds;
    const token = signToken(
      { sub: session.accountId, agency: session.agency, roles: session.roles, name: session.displayName },
      this.config.jwtSecret,
      {
        ttlSeconds,
        now: new Date(now),
      },
    );
    this.remember(key, { token, expiresAt: now + ttlSeconds * 1000 }, now);
    return token;
  }

  private remember(key: string, entry: { token: string; expiresAt: number }, now: number): void {
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHED) {
      for (const [k, v] of this.cache) if (v.expiresAt <= now) this.cache.delete(k);
      if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value as string);
    }
    this.cache.set(key, entry);
  }
}
