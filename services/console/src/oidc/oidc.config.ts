/**
 * OpenID Connect sign-in settings, read from the environment once at boot. OIDC_ISSUER
 * turns it on; everything else is then checked together and a ConfigError names every
 * bad variable (docs/configuration.md, docs/console-oidc.md).
 */
import { hkdfSync } from 'node:crypto';
import { AgencyRegistry } from '@jm/reference';
import { ConfigEnv, ConfigError, ConfigIssue, MIN_SECRET_LENGTH, redactSecret } from '@jm/platform';
import { ClaimMapping, readClaimMapping } from './oidc-claims';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE only, token endpoint auth "none"). */
  clientSecret?: string;
  redirectUri: string;
  scopes: string[];
  label?: string;
  claimMapping: ClaimMapping;
  /** Seals the transient sign-in state cookie (AES-256-GCM), derived from JWT_SECRET. */
  stateKey: Buffer;
  /** The console is served over TLS (its redirect URI is https): cookies get Secure. */
  secureCookies: boolean;
}

const OIDC_VARIABLES = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI', 'OIDC_SCOPES', 'OIDC_LABEL', 'OIDC_CLAIM_MAPPING'] as const;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const CALLBACK_PATH = '/auth/oidc/callback';

export function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname);
}

/** The settings, or undefined when OIDC_ISSUER is not set (sign-in through OpenID Connect is off). */
export function loadOidcConfig(env: ConfigEnv, registry: AgencyRegistry): OidcConfig | undefined {
  const value = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  const issues: ConfigIssue[] = [];
  const bad = (variable: string, allowed: string, secret = false): void => {
    const given = value(variable);
    issues.push({ variable, given: given !== undefined && secret ? redactSecret(given) : given, allowed });
  };
  const issuerText = value('OIDC_ISSUER');
  if (issuerText === undefined) {
    const stray = OIDC_VARIABLES.filter((name) => value(name) !== undefined);
    if (stray.length)
      bad('OIDC_ISSUER', `required when ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set (OpenID Connect sign-in is on only with it)`);
    if (issues.length) throw new ConfigError('console', issues);
    return undefined;
  }

  const insecureLoopback = value('OIDC_ALLOW_INSECURE_LOOPBACK');
  if (insecureLoopback !== undefined && insecureLoopback !== 'true' && insecureLoopback !== 'false')
    bad('OIDC_ALLOW_INSECURE_LOOPBACK', 'true or false');
  const issuer = parseUrl(issuerText);
  if (!issuer || issuer.search || issuer.hash || issuer.username || issuer.password)
    bad('OIDC_ISSUER', 'an absolute https URL without query, fragment or credentials');
  else if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && isLoopback(issuer) && insecureLoopback === 'true'))
    bad('OIDC_ISSUER', 'an https URL (http only on a loopback address with OIDC_ALLOW_INSECURE_LOOPBACK=true)');

  const clientId = value('OIDC_CLIENT_ID');
  if (clientId === undefined) bad('OIDC_CLIENT_ID', 'required with OIDC_ISSUER: the client id the identity platform registered for the console');
  const clientSecret = value('OIDC_CLIENT_SECRET');
  if (clientSecret !== undefined && clientSecret.length < 16)
    bad('OIDC_CLIENT_SECRET', 'at least 16 characters, or unset for a public client (PKCE only)', true);

  const redirectText = value('OIDC_REDIRECT_URI');
  const redirect = redirectText === undefined ? undefined : parseUrl(redirectText);
  if (
    !redirect ||
    redirect.pathname !== CALLBACK_PATH ||
    redirect.search ||
    redirect.hash ||
    (redirect.protocol !== 'https:' && !(redirect.protocol === 'http:' && isLoopback(redirect)))
  )
    bad(
      'OIDC_REDIRECT_URI',
      `the console's own ${CALLBACK_PATH} as an absolute URL: https, or http on a loopback address (e.g. http://127.0.0.1:3000${CALLBACK_PATH})`,
    );

  const scopes = (value('OIDC_SCOPES') ?? 'openid profile').split(' ').filter((s) => s !== '');
  if (!scopes.includes('openid') || !scopes.every((s) => SCOPE.test(s)))
    bad('OIDC_SCOPES', 'space-separated scopes including openid (default "openid profile")');

  const label = value('OIDC_LABEL')?.trim();
  if (label !== undefined && (label.length === 0 || label.length > 40)) bad('OIDC_LABEL', 'the sign-in button text, 1-40 characters');

  const mappingPath = value('OIDC_CLAIM_MAPPING');
  const mapping = mappingPath === undefined ? undefined : readClaimMapping(mappingPath, registry);
  if (mappingPath === undefined)
    bad('OIDC_CLAIM_MAPPING', 'required with OIDC_ISSUER: the path of the claim mapping JSON file (config/oidc-claims.example.json)');
  else if (Array.isArray(mapping)) bad('OIDC_CLAIM_MAPPING', `a claim mapping file (docs/console-oidc.md); this one: ${mapping.join('; ')}`);

  const jwtSecret = value('JWT_SECRET');
  if (jwtSecret === undefined || jwtSecret.length < MIN_SECRET_LENGTH)
    bad('JWT_SECRET', `at least ${MIN_SECRET_LENGTH} characters (the sign-in state cookie is sealed with a key derived from it)`, true);

  if (issues.length) throw new ConfigError('console', issues);
  return {
    // The issuer is compared as the provider writes it in discovery and in tokens: no trailing slash added or removed.
    issuer: issuerText,
    clientId: clientId as string,
    ...(clientSecret !== undefined ? { clientSecret } : {}),
    redirectUri: (redirect as URL).toString(),
    scopes,
    ...(label !== undefined ? { label } : {}),
    claimMapping: mapping as ClaimMapping,
    stateKey: Buffer.from(hkdfSync('sha256', jwtSecret as string, '', 'jm console oidc state v1', 32)),
    secureCookies: (redirect as URL).protocol === 'https:',
  };
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}
