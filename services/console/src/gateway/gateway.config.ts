/**
 * Where the gateway forwards to and how it signs: the four services' base URLs
 * (CONSOLE_<SERVICE>_URL, never taken from a request) and the JWT secret the
 * services verify bearer tokens with. Validated at boot; one ConfigError names
 * every bad variable.
 */
import { ConfigError, ConfigIssue, MIN_SECRET_LENGTH } from '@jm/platform';

export const UPSTREAMS = ['intake', 'cases', 'notifications', 'reporting'] as const;
export type Upstream = (typeof UPSTREAMS)[number];

const DEFAULT_URLS: Readonly<Record<Upstream, string>> = {
  intake: 'http://127.0.0.1:3001',
  cases: 'http://127.0.0.1:3002',
  notifications: 'http://127.0.0.1:3003',
  reporting: 'http://127.0.0.1:3004',
};

/** Forwarded tokens live this long; the services accept up to TOKEN_MAX_LIFETIME_HOURS, the console asks for far less. */
export const GATEWAY_TOKEN_TTL_SECONDS = 300;

export interface GatewayConfig {
  upstreams: Readonly<Record<Upstream, URL>>;
  jwtSecret: string;
  tokenTtlSeconds: number;
  /** CONSOLE_TRUST_PROXY: the console itself sits behind a proxy whose X-Forwarded-For names the client. */
  trustProxy: boolean;
}

export const upstreamVariable = (service: Upstream): string => `CONSOLE_${service.toUpperCase()}_URL`;

export function loadGatewayConfig(env: Readonly<Record<string, string | undefined>>): GatewayConfig {
  const issues: ConfigIssue[] = [];
  const upstreams = {} as Record<Upstream, URL>;
  for (const service of UPSTREAMS) {
    const variable = upstreamVariable(service);
    const given = env[variable] || DEFAULT_URLS[service];
    const url = URL.canParse(given) ? new URL(given) : undefined;
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password)
      issues.push({
        variable,
        given: url?.username || url?.password ? '<hidden: holds credentials>' : env[variable],
        allowed: 'an http:// or https:// base URL without query, fragment or credentials',
      });
    else upstreams[service] = url;
  }
  const jwtSecret = env.JWT_SECRET ?? '';
  if (jwtSecret.length < MIN_SECRET_LENGTH)
    issues.push({
      variable: 'JWT_SECRET',
      given: jwtSecret ? `<hidden, ${jwtSecret.length} characters>` : undefined,
      allowed: `at least ${MIN_SECRET_LENGTH} characters`,
    });
  if (issues.length > 0) throw new ConfigError('console', issues);
  return { upstreams, jwtSecret, tokenTtlSeconds: GATEWAY_TOKEN_TTL_SECONDS, trustProxy: env.CONSOLE_TRUST_PROXY === 'true' };
}
