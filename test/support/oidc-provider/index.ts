/**
 * A real OpenID provider for specs (oidc-provider in a child process, provider.mjs)
 * and a plain-HTTP "browser" to drive the code flow through it: redirects followed
 * by hand, cookies carried in a jar. No browser needed.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pollUntil } from '@jm/testing';

export interface TestClient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
  id_token_signed_response_alg?: 'RS256' | 'PS256' | 'ES256';
}

export interface TestAccount {
  sub: string;
  [claim: string]: unknown;
}

export interface OidcProviderSetup {
  clients: TestClient[];
  /** The first is who signs in unless the authorisation request's login_hint names another. */
  accounts: TestAccount[];
  /** false: profile and custom claims in the ID token too, not only in userinfo (the default, true, is OpenID Connect's rule). */
  conformIdTokenClaims?: boolean;
  /** The client authentication methods the provider offers (default: basic, post and none). */
  clientAuthMethods?: string[];
}

export interface TestOidcProvider {
  issuer: string;
  /** The next token response carries this ID token instead of its own (a substituted token). */
  substituteNextIdToken(idToken: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startOidcProvider(setup: OidcProviderSetup): Promise<TestOidcProvider> {
  const clients = setup.clients.map((client) => ({ grant_types: ['authorization_code'], response_types: ['code'], ...client }));
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'provider.mjs')], {
    env: { PATH: process.env.PATH, OIDC_TEST_SETUP: JSON.stringify({ ...setup, clients }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const issuer = await pollUntil(
    () => {
      if (child.exitCode !== null) throw new Error(`oidc-provider exited with ${child.exitCode}:\n${output}`);
      return /^oidc-provider listening on (http:\/\/\S+)$/m.exec(output)?.[1];
    },
    { timeoutMs: 20000, what: 'oidc-provider to listen' },
  ).catch(async (error: unknown) => {
    child.kill('SIGKILL');
    await exited;
    throw error;
  });
  return {
    issuer,
    async substituteNextIdToken(idToken) {
      const response = await fetch(`${issuer}/test/substitute-id-token`, { method: 'POST', body: idToken });
      if (response.status !== 204) throw new Error(`substitute-id-token answered ${response.status}`);
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Cookies as a browser keeps them for one host (ports share cookies, as in browsers): by name and path. */
export class CookieJar {
  private readonly cookies = new Map<string, { name: string; value: string; path: string }>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((part) => part.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      const attribute = (key: string): string | undefined => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const path = attribute('path') ?? '/';
      const expires = attribute('expires');
      const gone = attribute('max-age') === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) this.cookies.delete(`${name}|${path}`);
      else this.cookies.set(`${name}|${path}`, { name, value, path });
    }
  }

  set(name: string, value: string, path = '/'): void {
    this.cookies.set(`${name}|${path}`, { name, value, path });
  }

  get(name: string): string | undefined {
    return [...this.cookies.values()].find((c) => c.name === name)?.value;
  }

  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.cookies.values()]
      .filter((c) => path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }
}

/** One GET without following redirects, carrying and keeping cookies. */
export async function browse(url: string, jar: CookieJar): Promise<Response> {
  const cookie = jar.header(url);
  const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  jar.store(response);
  return response;
}

/** Follows redirects from url until one points at a URL `stop` accepts; returns that URL (not requested). */
export async function followUntil(url: string, jar: CookieJar, stop: (next: URL) => boolean): Promise<URL> {
  let next = new URL(url);
  for (let hops = 0; hops < 20; hops++) {
    if (stop(next)) return next;
    const response = await browse(next.toString(), jar);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location)
      throw new Error(`${next} answered ${response.status} without a redirect: ${(await response.text()).slice(0, 500)}`);
    next = new URL(location, next);
  }
  throw new Error(`more than 20 redirects from ${url}`);
}
