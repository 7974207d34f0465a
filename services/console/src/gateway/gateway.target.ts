/**
 * Which service and path a console URL `/api/<service>/<path>?<query>` names.
 * The path is forwarded as sent (still percent-encoded) under the service's
 * configured base URL, so it must not be able to leave it: dot segments (also
 * percent-encoded), encoded slashes or backslashes, empty segments, control
 * characters and anything that is not a plain absolute path are refused.
 */
import { UPSTREAMS, Upstream } from './gateway.config';

export interface GatewayTarget {
  service: Upstream;
  /** Starts with '/', percent-encoding as sent. */
  path: string;
  /** '' or '?…' as sent. */
  query: string;
  /** Forwarded without identity: intake's public routes (anonymous reports, follow-ups, their evidence uploads). */
  anonymous: boolean;
}

export type TargetRefusal = { refused: 'unknown-service'; service: string } | { refused: 'bad-path'; reason: string };

const PREFIX = '/api/';
// Encoded '/', '\', '.', NUL and other controls: a service would decode them into a path the check did not see.
const ENCODED_ESCAPE = /%(2f|5c|2e|00|0[1-9a-f]|1[0-9a-f]|7f)/i;
// What a path may hold as sent: RFC 3986 pchar, '/' and percent escapes; no '\', spaces, controls or '#'.
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;

export function resolveTarget(url: string): GatewayTarget | TargetRefusal {
  const cut = url.indexOf('?');
  const rawPath = cut < 0 ? url : url.slice(0, cut);
  const query = cut < 0 ? '' : url.slice(cut);
  if (!rawPath.startsWith(PREFIX)) return { refused: 'bad-path', reason: 'the path must start with /api/<service>/' };
  const rest = rawPath.slice(PREFIX.length);
  const slash = rest.indexOf('/');
  const service = slash < 0 ? rest : rest.slice(0, slash);
  if (!(UPSTREAMS as readonly string[]).includes(service)) return { refused: 'unknown-service', service };
  const path = slash < 0 ? '/' : rest.slice(slash);
  if (!PATH_CHARS.test(path)) return { refused: 'bad-path', reason: 'the path holds characters a URL path may not hold unencoded' };
  if (ENCODED_ESCAPE.test(path)) return { refused: 'bad-path', reason: 'the path holds an encoded slash, backslash, dot or control character' };
  if (/%(?![0-9a-f]{2})/i.test(path)) return { refused: 'bad-path', reason: 'the path holds a malformed percent escape' };
  const segments = path.slice(1).split('/');
  if (segments.some((segment) => segment === '.' || segment === '..'))
    return { refused: 'bad-path', reason: 'the path may not hold . or .. segments' };
  if (segments.slice(0, -1).some((segment) => segment === '')) return { refused: 'bad-path', reason: 'the path may not hold empty segments (//)' };
  if (/[#\s\\]/.test(query)) return { refused: 'bad-path', reason: 'the query holds characters a URL may not hold unencoded' };
  return { service: service as Upstream, path, query, anonymous: service === 'intake' && path.startsWith('/public/') };
}
