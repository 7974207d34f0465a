/**
 * The sign-in flow behind the three routes: start (a sealed state cookie and the
 * redirect to the provider) and callback (state checked and spent, code redeemed,
 * ID token validated, claims mapped, the session opened through SESSION_PORT).
 * Every failure ends as a redirect to /sign-in?error=<code>, never an error page.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AgencyRegistry } from '@jm/reference';
import { catalogueEntry, FEDERATION, Federation } from '@jm/platform';
import { SESSION_PORT, SessionPort } from '../session/session.port';
import { mapClaims } from './oidc-claims';
import { OidcConfig } from './oidc.config';
import { disabled, OidcError, stateInvalid, tokenInvalid, unmapped } from './oidc.errors';
import { OidcRelyingParty } from './oidc-relying-party';
import { newSignInState, openState, sealState, STATE_COOKIE, STATE_COOKIE_PATH, STATE_TTL_SECONDS, UsedStates } from './oidc-state';

export const OIDC_CONFIG = Symbol('OIDC_CONFIG');
export const OIDC_REGISTRY = Symbol('OIDC_REGISTRY');

export const SIGN_IN_PAGE = '/sign-in';

/** Where a redirect goes and the cookies it sets (the session port may have set more on the response). */
export interface Redirect {
  location: string;
  cookies: string[];
}

/** Only a path of this origin, and not back into sign-in itself; anything else is "/". */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > 1024 || !value.startsWith('/') || value.startsWith('//') || /[\\\p{Cc}]/u.test(value)) return '/';
  const base = 'http://console.invalid';
  const url = new URL(value, base);
  if (url.origin !== base || url.pathname.startsWith('/auth/') || url.pathname === SIGN_IN_PAGE) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger('OidcSignIn');
  private readonly relyingParty?: OidcRelyingParty;
  private readonly usedStates = new UsedStates();
  /** The wall clock, not the app's CLOCK: ID token times are compared with the provider's, which tests cannot move. */
  private readonly now = (): Date => new Date();

  constructor(
    @Inject(OIDC_CONFIG) private readonly config: OidcConfig | undefined,
    @Inject(OIDC_REGISTRY) private readonly registry: AgencyRegistry,
    @Inject(SESSION_PORT) private readonly sessions: SessionPort,
    /** The console's deployment (with DEPLOYMENT): people of an agency another deployment serves sign in there, not here. */
    @Optional() @Inject(FEDERATION) private readonly federation?: Federation,
  ) {
    if (config) this.relyingParty = new OidcRelyingParty(config);
  }

  status(): { enabled: boolean; label?: string } {
    return this.config ? { enabled: true, ...(this.config.label ? { label: this.config.label } : {}) } : { enabled: false };
  }

  async start(returnTo: string | null): Promise<Redirect> {
    try {
      const { config, relyingParty } = this.enabled();
      const state = newSignInState(safeReturnTo(returnTo), this.now());
      const location = await relyingParty.authorizationUrl(state);
      return { location, cookies: [this.stateCookie(sealState(state, config.stateKey), STATE_TTL_SECONDS)] };
    } catch (error) {
      return { location: this.failed(error), cookies: [] };
    }
  }

  /** Ends in a redirect in every case; on success the session port has set the session cookies on res. */
  async callback(query: URLSearchParams, cookie: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<Redirect> {
    // The state cookie is spent whatever happens next.
    const cookies = this.config ? [this.stateCookie('', 0)] : [];
    try {
      const { config, relyingParty } = this.enabled();
      const now = this.now();
      const state = openState(cookie, config.stateKey, now);
      if (single(query, 'state') !== state.state) throw stateInvalid('the state parameter does not match the sign-in started in this browser');
      if (!this.usedStates.consume(state, now)) throw stateInvalid('this sign-in was already completed (a replayed callback)');
      const metadata = await relyingParty.metadata();
      // RFC 9207: an answer naming another issuer is a mix-up, whatever else it says.
      const iss = single(query, 'iss');
      if ((iss !== undefined || metadata.authorization_response_iss_parameter_supported) && iss !== config.issuer)
        throw tokenInvalid(`the authorisation response names the issuer ${JSON.stringify(iss)}, not ${config.issuer}`);
      const error = single(query, 'error');
      if (error !== undefined)
        throw new OidcError(
          'OIDC_PROVIDER_ERROR',
          `the provider answered ${error}${query.get('error_description') ? `: ${query.get('error_description')}` : ''}`,
        );
      const code = single(query, 'code');
      if (!code) throw new OidcError('OIDC_PROVIDER_ERROR', 'the provider answered without a code');

      const { claimMapping } = config;
      const claims = await relyingParty.redeem(code, state, now, [
        claimMapping.agency.claim,
        claimMapping.roles.claim,
        claimMapping.displayName.claim,
      ]);
      const mapped = mapClaims(claims, claimMapping, this.registry);
      if (this.federation && !this.federation.servesAgency(mapped.agency)) {
        const serving = this.federation.deploymentOf(mapped.agency);
        throw unmapped(
          `${mapped.agency} is served by ${serving ? `the deployment ${serving.id}` : 'no deployment of the registry'}, not by this one (${this.federation.self?.id}): its people sign in to that deployment's console`,
        );
      }
      await this.sessions.openExternal({ issuer: config.issuer, subject: claims.sub, ...mapped }, req, res);
      this.logger.log(`OpenID Connect sign-in of ${claims.sub} as ${mapped.agency} (${mapped.roles.join(', ')})`);
      return { location: state.returnTo, cookies };
    } catch (error) {
      return { location: this.failed(error), cookies };
    }
  }

  private enabled(): { config: OidcConfig; relyingParty: OidcRelyingParty } {
    if (!this.config || !this.relyingParty) throw disabled();
    return { config: this.config, relyingParty: this.relyingParty };
  }

  /** The sign-in page with the code of what went wrong; the detail goes to the log only. */
  private failed(error: unknown): string {
    let code: string;
    if (error instanceof OidcError) {
      code = error.code;
      this.logger.warn(`OpenID Connect sign-in refused (${code}): ${error.message}`);
    } else {
      // The session port refuses with codes of its own (a disabled account); anything else is unexpected.
      const own = (error as { code?: unknown })?.code;
      const entry = typeof own === 'string' ? catalogueEntry(own) : undefined;
      code = entry && entry.status < 500 ? entry.code : 'INTERNAL';
      if (code === 'INTERNAL') this.logger.error(`OpenID Connect sign-in failed: ${(error as Error)?.stack ?? String(error)}`);
      else this.logger.warn(`OpenID Connect sign-in refused (${code}): ${(error as Error).message}`);
    }
    return `${SIGN_IN_PAGE}?error=${code}`;
  }

  private stateCookie(value: string, maxAge: number): string {
    const secure = this.config?.secureCookies ? '; Secure' : '';
    return `${STATE_COOKIE}=${value}; Path=${STATE_COOKIE_PATH}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${secure}`;
  }
}

/** A query parameter given once; a repeated one counts as absent (it would be ambiguous). */
function single(query: URLSearchParams, name: string): string | undefined {
  const values = query.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}
