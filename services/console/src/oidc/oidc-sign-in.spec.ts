/**
 * OpenID Connect sign-in against a real provider (oidc-provider on loopback): the
 * full code flow with PKCE through the console's routes, and each way it must fail.
 * The session port is a recorder: the thing under test is the relying party.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { INestApplication, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { join } from 'node:path';
import { FEDERATION, Federation } from '@jm/platform';
import { TEST_JWT_SECRET } from '@jm/platform/testing';
import { AgencyRegistry, DeploymentRegistry } from '@jm/reference';
import { browse, CookieJar, followUntil, startOidcProvider, TestOidcProvider } from '../../../../test/support/oidc-provider';
import { ConsoleSession, CSRF_COOKIE, ExternalIdentity, SESSION_COOKIE, SESSION_PORT, SessionPort } from '../session/session.port';
import { OidcModule } from './oidc.module';
import { STATE_COOKIE } from './oidc-state';

const REDIRECT_URI = 'http://127.0.0.1:3120/auth/oidc/callback';
const ROOT = join(__dirname, '..', '..', '..', '..');
const OTHER_REDIRECT_URI = 'http://127.0.0.1:3121/other/callback';
const OTHER_SECRET = 'other-client-secret-0123456789';

class RecordingSessions implements SessionPort {
  readonly opened: ExternalIdentity[] = [];
  /** When set, openExternal refuses with it (as the accounts would a disabled account). */
  refuseWith?: Error;
  async fromRequest(): Promise<ConsoleSession | undefined> {
    return undefined;
  }
  csrfValid(): boolean {
    return false;
  }
  async openExternal(identity: ExternalIdentity, _req: IncomingMessage, res: ServerResponse): Promise<ConsoleSession> {
    if (this.refuseWith) throw this.refuseWith;
    this.opened.push(identity);
    res.appendHeader('Set-Cookie', `${SESSION_COOKIE}=s-${this.opened.length}; Path=/; HttpOnly; SameSite=Lax`);
    res.appendHeader('Set-Cookie', `${CSRF_COOKIE}=c-${this.opened.length}; Path=/; SameSite=Lax`);
    const { agency, roles, displayName } = identity;
    return {
      id: `s-${this.opened.length}`,
      accountId: identity.subject,
      agency,
      roles,
      displayName,
      mustChangePassword: false,
      totpEnrolmentRequired: false,
      csrfToken: 'c',
      idleExpiresAt: '',
      absoluteExpiresAt: '',
    };
  }
}

class RecordingLogger implements LoggerService {
  readonly lines: string[] = [];
  log(message: unknown): void {
    this.lines.push(String(message));
  }
  warn(message: unknown): void {
    this.lines.push(String(message));
  }
  error(message: unknown): void {
    this.lines.push(String(message));
  }
}

/** Settings against a loopback issuer, with the documented example mapping. */
function oidcEnv(issuer: string, clientId: string, more: Record<string, string> = {}): Record<string, string> {
  return {
    OIDC_ISSUER: issuer,
    OIDC_ALLOW_INSECURE_LOOPBACK: 'true',
    OIDC_CLIENT_ID: clientId,
    OIDC_REDIRECT_URI: REDIRECT_URI,
    OIDC_SCOPES: 'openid profile org',
    OIDC_CLAIM_MAPPING: 'config/oidc-claims.example.json',
    JWT_SECRET: TEST_JWT_SECRET,
    ...more,
  };
}

/** start → provider (automatic login) → the URL the provider sends the browser back to, not yet requested. */
async function toCallback(base: string, jar: CookieJar, alter?: (authorize: URL) => void): Promise<URL> {
  const start = await browse(`${base}/auth/oidc/start`, jar);
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location') as string);
  alter?.(authorize);
  return followUntil(authorize.toString(), jar, (next) => next.toString().startsWith(REDIRECT_URI));
}

/** The callback as the browser sends it to the console. */
async function callbackAt(base: string, url: URL, jar: CookieJar): Promise<Response> {
  return browse(`${base}${url.pathname}${url.search}`, jar);
}

/** The federation of a console whose DEPLOYMENT is `id` (only which agencies it serves is asked of it; it sends nothing). */
function federationOfDeployment(id: string): Federation {
  const deployments = DeploymentRegistry.fromFile(join(ROOT, 'config/deployments.json'), AgencyRegistry.fromFile(join(ROOT, 'config/agencies.json')));
  return new Federation(deployments, deployments.get(id), undefined as never, '');
}

async function consoleApp(
  env: Record<string, string>,
  sessions: SessionPort,
  logger: LoggerService,
  federation?: Federation,
): Promise<{ app: INestApplication; base: string }> {
  const deployment = federation ? [{ provide: FEDERATION, useValue: federation }] : [];
  @Module({
    providers: [{ provide: SESSION_PORT, useValue: sessions }, ...deployment],
    exports: [SESSION_PORT, ...(federation ? [FEDERATION] : [])],
  })
  class SessionsModule {}
  @Module({ imports: [OidcModule.register({ imports: [SessionsModule], env })] })
  class ConsoleTestModule {}
  const app = await NestFactory.create(ConsoleTestModule, { logger });
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

describe('OpenID Connect sign-in (oidc-provider on loopback)', () => {
  let provider: TestOidcProvider;
  let app: INestApplication;
  let base: string;
  const sessions = new RecordingSessions();
  const logger = new RecordingLogger();

  beforeAll(async () => {
    provider = await startOidcProvider({
      clients: [
        { client_id: 'console', client_secret: 'console-client-secret-0123456789', redirect_uris: [REDIRECT_URI] },
        {
          client_id: 'other',
          client_secret: OTHER_SECRET,
          redirect_uris: [OTHER_REDIRECT_URI],
          token_endpoint_auth_method: 'client_secret_post',
          id_token_signed_response_alg: 'ES256',
        },
      ],
      accounts: [
        { sub: 'officer-1', name: '张三', org_id: '350502-JRB-001', groups: ['jm-office-officer', 'jm-admin', 'finance-dept-staff'] },
        { sub: 'stranger', name: '李四', org_id: '999999-XXX-001', groups: ['jm-office-officer'] },
        { sub: 'misplaced', name: '王五', org_id: '350502-HBJD-01', groups: ['jm-office-officer'] },
      ],
    });
    ({ app, base } = await consoleApp(
      oidcEnv(provider.issuer, 'console', { OIDC_CLIENT_SECRET: 'console-client-secret-0123456789', OIDC_LABEL: '政务统一身份认证' }),
      sessions,
      logger,
    ));
  });

  afterAll(async () => {
    await app?.close();
    await provider?.stop();
  });

  const toCallbackHere = (jar: CookieJar, alter?: (authorize: URL) => void): Promise<URL> => toCallback(base, jar, alter);
  const callback = (url: URL, jar: CookieJar): Promise<Response> => callbackAt(base, url, jar);

  const signInError = (response: Response): string | null => {
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') as string, base);
    expect(location.pathname).toBe('/sign-in');
    return location.searchParams.get('error');
  };

  it('offers the sign-in with its label', async () => {
    const response = await fetch(`${base}/auth/oidc`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ enabled: true, label: '政务统一身份认证' });
  });

  it('declares its routes in OpenAPI: 200 for the status, 302 with a Location for start and callback', () => {
    const paths = SwaggerModule.createDocument(app, new DocumentBuilder().build()).paths;
    expect(Object.keys(paths['/auth/oidc'].get?.responses ?? {})).toEqual(['200']);
    for (const path of ['/auth/oidc/start', '/auth/oidc/callback']) {
      const responses = paths[path].get?.responses as Record<string, { headers?: object }>;
      expect(Object.keys(responses)).toEqual(['302']);
      expect(responses['302'].headers).toHaveProperty('Location');
    }
  });

  it('signs in through the code flow with PKCE: the session port gets the mapped identity, the browser the cookies and its return path', async () => {
    const jar = new CookieJar();
    const start = await browse(`${base}/auth/oidc/start?returnTo=${encodeURIComponent('/cases/42?tab=timeline')}`, jar);
    const authorize = new URL(start.headers.get('location') as string);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(Object.fromEntries(authorize.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'console',
      redirect_uri: REDIRECT_URI,
      scope: 'openid profile org',
      state: expect.stringMatching(/^[\w-]{43}$/),
      nonce: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge: expect.stringMatching(/^[\w-]{43}$/),
      code_challenge_method: 'S256',
    });
    const stateCookie = start.headers.getSetCookie().find((c) => c.startsWith(`${STATE_COOKIE}=`)) as string;
    expect(stateCookie).toMatch(/; Path=\/auth\/oidc; Max-Age=600; HttpOnly; SameSite=Lax$/);
    // Sealed: neither the state, the nonce nor the verifier can be read from it.
    expect(Buffer.from(jar.get(STATE_COOKIE) as string, 'base64url').toString('latin1')).not.toContain(authorize.searchParams.get('state'));

    const back = await followUntil(authorize.toString(), jar, (next) => next.toString().startsWith(REDIRECT_URI));
    expect(back.searchParams.get('state')).toBe(authorize.searchParams.get('state'));
    const before = sessions.opened.length;
    const response = await callback(back, jar);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/cases/42?tab=timeline');
    expect(sessions.opened.slice(before)).toEqual([
      { issuer: provider.issuer, subject: 'officer-1', agency: 'lc-office', roles: ['office_officer', 'admin'], displayName: '张三' },
    ]);
    expect(jar.get(SESSION_COOKIE)).toBe(`s-${sessions.opened.length}`);
    expect(jar.get(CSRF_COOKIE)).toBeDefined();
    expect(jar.get(STATE_COOKIE)).toBeUndefined();
  });

  it('refuses a callback whose state was tampered with, or whose state cookie was', async () => {
    const before = sessions.opened.length;
    const jar = new CookieJar();
    const back = await toCallbackHere(jar);
    const sealed = jar.get(STATE_COOKIE) as string;
    const tampered = new URL(back);
    tampered.searchParams.set('state', `${back.searchParams.get('state')}x`);
    expect(signInError(await callback(tampered, jar))).toBe('OIDC_STATE_INVALID');

    const flipped = `${sealed.slice(0, 20)}${sealed[20] === 'A' ? 'B' : 'A'}${sealed.slice(21)}`;
    jar.set(STATE_COOKIE, flipped, '/auth/oidc');
    expect(signInError(await callback(back, jar))).toBe('OIDC_STATE_INVALID');
    expect(signInError(await callback(back, new CookieJar()))).toBe('OIDC_STATE_INVALID');
    expect(sessions.opened.length).toBe(before);
  });

  it('refuses a replayed callback: the state is single use', async () => {
    const jar = new CookieJar();
    const back = await toCallbackHere(jar);
    const sealed = jar.get(STATE_COOKIE) as string;
    expect((await callback(back, jar)).headers.get('location')).toBe('/');
    const after = sessions.opened.length;
    jar.set(STATE_COOKIE, sealed, '/auth/oidc');
    expect(signInError(await callback(back, jar))).toBe('OIDC_STATE_INVALID');
    expect(sessions.opened.length).toBe(after);
  });

  it('refuses an ID token whose nonce is not the one of this sign-in', async () => {
    const before = sessions.opened.length;
    const jar = new CookieJar();
    const back = await toCallbackHere(jar, (url) => url.searchParams.set('nonce', 'a-nonce-of-another-sign-in'));
    expect(signInError(await callback(back, jar))).toBe('OIDC_TOKEN_INVALID');
    expect(logger.lines.at(-1)).toContain('nonce');
    expect(sessions.opened.length).toBe(before);
  });

  it("refuses an ID token issued to another client (the provider's second client), even with this sign-in's nonce", async () => {
    const before = sessions.opened.length;
    const jar = new CookieJar();
    let nonce = '';
    const back = await toCallbackHere(jar, (url) => (nonce = url.searchParams.get('nonce') as string));
    await provider.substituteNextIdToken(await idTokenOfOtherClient(nonce));
    expect(signInError(await callback(back, jar))).toBe('OIDC_TOKEN_INVALID');
    expect(logger.lines.at(-1)).toContain('audience');
    expect(sessions.opened.length).toBe(before);
  });

  it('refuses claims that map to no agency of the registry, or to roles the agency cannot hold', async () => {
    const before = sessions.opened.length;
    for (const [account, reason] of [
      ['stranger', 'maps to no agency'],
      ['misplaced', 'cannot be held at lc-st-haibin'],
    ]) {
      const jar = new CookieJar();
      const back = await toCallbackHere(jar, (url) => url.searchParams.set('login_hint', account));
      expect(signInError(await callback(back, jar))).toBe('OIDC_UNMAPPED');
      expect(logger.lines.at(-1)).toContain(reason);
    }
    expect(sessions.opened.length).toBe(before);
  });

  it('given a console of a deployment (DEPLOYMENT=fz), then a person of an agency another deployment serves (lc) is refused, and one of its own signs in', async () => {
    const here = (id: string) =>
      consoleApp(
        oidcEnv(provider.issuer, 'console', { OIDC_CLIENT_SECRET: 'console-client-secret-0123456789' }),
        sessions,
        logger,
        federationOfDeployment(id),
      );
    const fz = await here('fz');
    const lc = await here('lc');
    try {
      const before = sessions.opened.length;
      const jar = new CookieJar();
      const back = await toCallback(fz.base, jar, (url) => url.searchParams.set('login_hint', 'officer-1'));
      const refused = await callbackAt(fz.base, back, jar);
      expect(refused.status).toBe(302);
      expect(new URL(refused.headers.get('location') as string, fz.base).searchParams.get('error')).toBe('OIDC_UNMAPPED');
      expect(logger.lines.at(-1)).toContain('lc-office is served by the deployment lc, not by this one (fz)');
      expect(sessions.opened.length).toBe(before);

      const own = new CookieJar();
      const ok = await callbackAt(lc.base, await toCallback(lc.base, own, (url) => url.searchParams.set('login_hint', 'officer-1')), own);
      expect(ok.status).toBe(302);
      expect(sessions.opened.slice(before).map((s) => s.agency)).toEqual(['lc-office']);
    } finally {
      await fz.app.close();
      await lc.app.close();
    }
  });

  it("passes the provider's refusal on as OIDC_PROVIDER_ERROR", async () => {
    const jar = new CookieJar();
    // prompt=none without a provider session: the provider answers login_required to the redirect URI.
    const back = await toCallbackHere(jar, (url) => url.searchParams.set('prompt', 'none'));
    expect(back.searchParams.get('error')).toBe('login_required');
    expect(signInError(await callback(back, jar))).toBe('OIDC_PROVIDER_ERROR');
  });

  it('answers OIDC_PROVIDER_UNAVAILABLE when the provider goes down during a sign-in', async () => {
    const jar = new CookieJar();
    const back = await toCallbackHere(jar);
    await provider.stop();
    expect(signInError(await callback(back, jar))).toBe('OIDC_PROVIDER_UNAVAILABLE');
  });

  /** An ID token the provider issues to its second client for the given nonce (a full code flow as that client). */
  async function idTokenOfOtherClient(nonce: string): Promise<string> {
    const verifier = 'v'.repeat(43);
    const authorize = new URL(`${provider.issuer}/auth`);
    for (const [name, value] of Object.entries({
      response_type: 'code',
      client_id: 'other',
      redirect_uri: OTHER_REDIRECT_URI,
      scope: 'openid',
      state: 'other-state',
      nonce,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }))
      authorize.searchParams.set(name, value);
    const back = await followUntil(authorize.toString(), new CookieJar(), (next) => next.toString().startsWith(OTHER_REDIRECT_URI));
    const form = {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') as string,
      redirect_uri: OTHER_REDIRECT_URI,
      code_verifier: verifier,
      client_id: 'other',
      client_secret: OTHER_SECRET,
    };
    const response = await fetch(`${provider.issuer}/token`, { method: 'POST', body: new URLSearchParams(form) });
    const body = (await response.json()) as { id_token: string };
    expect(response.status).toBe(200);
    return body.id_token;
  }
});

describe('OpenID Connect sign-in, not configured or provider unreachable', () => {
  const sessions = new RecordingSessions();
  const apps: INestApplication[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('is off without OIDC_ISSUER: GET /auth/oidc says so, start and callback send the browser back to sign-in', async () => {
    const { app, base } = await consoleApp({ JWT_SECRET: TEST_JWT_SECRET }, sessions, new RecordingLogger());
    apps.push(app);
    expect(await (await fetch(`${base}/auth/oidc`)).json()).toEqual({ enabled: false });
    for (const path of ['/auth/oidc/start', '/auth/oidc/callback?code=x&state=y']) {
      const response = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect(response.status).toBe(302);
      expect(response.headers.get('location')).toBe('/sign-in?error=OIDC_DISABLED');
    }
  });

  it('answers OIDC_PROVIDER_UNAVAILABLE at start when the issuer does not answer', async () => {
    // A port nothing listens on: the app's own, once closed.
    const probe = await consoleApp({ JWT_SECRET: TEST_JWT_SECRET }, sessions, new RecordingLogger());
    const closed = probe.base;
    await probe.app.close();
    const { app, base } = await consoleApp(oidcEnv(closed, 'console'), sessions, new RecordingLogger());
    apps.push(app);
    const response = await fetch(`${base}/auth/oidc/start`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/sign-in?error=OIDC_PROVIDER_UNAVAILABLE');
    expect(response.headers.getSetCookie()).toEqual([]);
  });
});

describe('OpenID Connect sign-in with client_secret_post, a public client, ES256 and PS256, claims in the ID token', () => {
  let provider: TestOidcProvider;
  const sessions = new RecordingSessions();
  const apps: INestApplication[] = [];

  beforeAll(async () => {
    provider = await startOidcProvider({
      clientAuthMethods: ['client_secret_post', 'none'],
      conformIdTokenClaims: false,
      clients: [
        {
          client_id: 'console-post',
          client_secret: 'console-post-secret-0123456789',
          redirect_uris: [REDIRECT_URI],
          token_endpoint_auth_method: 'client_secret_post',
          id_token_signed_response_alg: 'PS256',
        },
        { client_id: 'console-public', redirect_uris: [REDIRECT_URI], token_endpoint_auth_method: 'none', id_token_signed_response_alg: 'ES256' },
      ],
      accounts: [{ sub: 'street-1', name: '赵六', org_id: '350502-HBJD-01', groups: 'jm-street-officer jm-analyst' }],
    });
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await provider?.stop();
  });

  async function signIn(clientId: string, secret?: string): Promise<Response> {
    const { app, base } = await consoleApp(
      oidcEnv(provider.issuer, clientId, secret ? { OIDC_CLIENT_SECRET: secret } : {}),
      sessions,
      new RecordingLogger(),
    );
    apps.push(app);
    const jar = new CookieJar();
    return callbackAt(base, await toCallback(base, jar), jar);
  }

  it.each([
    ['a confidential client authenticating with client_secret_post (PS256 ID token)', 'console-post', 'console-post-secret-0123456789'],
    ['a public client with PKCE only (ES256 ID token)', 'console-public', undefined],
  ])('signs in %s', async (_what, clientId, secret) => {
    const before = sessions.opened.length;
    const response = await signIn(clientId, secret);
    expect(response.headers.get('location')).toBe('/');
    expect(sessions.opened.slice(before)).toEqual([
      { issuer: provider.issuer, subject: 'street-1', agency: 'lc-st-haibin', roles: ['street_officer', 'analyst'], displayName: '赵六' },
    ]);
  });

  it("ends at the sign-in page with the session port's own code when it refuses, and INTERNAL when it fails", async () => {
    sessions.refuseWith = Object.assign(new Error('the account is disabled'), { code: 'FORBIDDEN' });
    const refused = await signIn('console-public');
    expect(refused.headers.get('location')).toBe('/sign-in?error=FORBIDDEN');
    sessions.refuseWith = new Error('the session store is down');
    const failed = await signIn('console-public');
    expect(failed.headers.get('location')).toBe('/sign-in?error=INTERNAL');
    sessions.refuseWith = undefined;
  });
});
