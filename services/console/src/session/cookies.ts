/**
 * The session cookies on the wire: reading the Cookie header, writing Set-Cookie (httpOnly session, readable CSRF
 * cookie, both SameSite=Strict, Secure when configured or the request came over TLS), and the client's address.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ConsoleSettings } from '@jm/platform';
import { CSRF_COOKIE, SESSION_COOKIE } from './session.port';

export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at < 0 || part.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      return undefined;
    }
  }
  return undefined;
}

type CookieSettings = Pick<ConsoleSettings, 'secureCookies' | 'trustProxy'>;

export function cameOverTls(req: IncomingMessage, settings: CookieSettings): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  const proto = req.headers['x-forwarded-proto'];
  return settings.trustProxy && typeof proto === 'string' && proto.split(',')[0].trim() === 'https';
}

/** The client's address: the socket's, or the first X-Forwarded-For entry behind a trusted proxy. */
export function clientOf(req: IncomingMessage, settings: Pick<ConsoleSettings, 'trustProxy'>): string {
  const forwarded = req.headers['x-forwarded-for'];
  if (settings.trustProxy && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',')[0].trim().slice(0, 64);
  return (req.socket.remoteAddress ?? 'unknown').slice(0, 64);
}

function cookie(name: string, value: string, options: { httpOnly: boolean; secure: boolean; maxAgeSeconds: number }): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    `Max-Age=${options.maxAgeSeconds}`,
    'SameSite=Strict',
    ...(options.httpOnly ? ['HttpOnly'] : []),
    ...(options.secure ? ['Secure'] : []),
  ].join('; ');
}

function appendSetCookie(res: ServerResponse, cookies: string[]): void {
  const existing = res.getHeader('Set-Cookie');
  const before = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('Set-Cookie', [...before, ...cookies]);
}

/** Sets both cookies; they live as long as the session may (its absolute timeout). */
export function setSessionCookies(
  req: IncomingMessage,
  res: ServerResponse,
  settings: CookieSettings,
  values: { token: string; csrfToken: string; maxAgeSeconds: number },
): void {
  const secure = settings.secureCookies || cameOverTls(req, settings);
  appendSetCookie(res, [
    cookie(SESSION_COOKIE, values.token, { httpOnly: true, secure, maxAgeSeconds: values.maxAgeSeconds }),
    cookie(CSRF_COOKIE, values.csrfToken, { httpOnly: false, secure, maxAgeSeconds: values.maxAgeSeconds }),
  ]);
}

export function clearSessionCookies(req: IncomingMessage, res: ServerResponse, settings: CookieSettings): void {
  const secure = settings.secureCookies || cameOverTls(req, settings);
  appendSetCookie(res, [
    cookie(SESSION_COOKIE, '', { httpOnly: true, secure, maxAgeSeconds: 0 }),
    cookie(CSRF_COOKIE, '', { httpOnly: false, secure, maxAgeSeconds: 0 }),
  ]);
}
