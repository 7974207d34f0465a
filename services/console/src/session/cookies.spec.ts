/** The session cookies' Secure flag (configured, TLS, or a trusted proxy's X-Forwarded-Proto) and the client address. */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { clientOf, readCookie, setSessionCookies } from './cookies';

function requestWith(headers: Record<string, string>, encrypted = false): IncomingMessage {
  const socket = new Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: '10.1.2.3' });
  if (encrypted) Object.assign(socket, { encrypted: true });
  const req = new IncomingMessage(socket);
  req.headers = headers;
  return req;
}

function cookiesFor(req: IncomingMessage, settings: { secureCookies: boolean; trustProxy: boolean }): string[] {
  const res = new ServerResponse(req);
  setSessionCookies(req, res, settings, { token: 'tok', csrfToken: 'csrf', maxAgeSeconds: 60 });
  return res.getHeader('Set-Cookie') as string[];
}

describe('session cookies', () => {
  const plain = { secureCookies: false, trustProxy: false };

  it('are httpOnly (session) and readable (CSRF), SameSite=Strict, not Secure over plain HTTP', () => {
    expect(cookiesFor(requestWith({}), plain)).toEqual([
      'jm_session=tok; Path=/; Max-Age=60; SameSite=Strict; HttpOnly',
      'jm_csrf=csrf; Path=/; Max-Age=60; SameSite=Strict',
    ]);
  });

  it('are Secure when configured, over TLS, or behind a trusted proxy that says https; an untrusted header counts for nothing', () => {
    const secure = (cookies: string[]) => cookies.every((c) => c.endsWith('; Secure'));
    expect(secure(cookiesFor(requestWith({}), { secureCookies: true, trustProxy: false }))).toBe(true);
    expect(secure(cookiesFor(requestWith({}, true), plain))).toBe(true);
    expect(secure(cookiesFor(requestWith({ 'x-forwarded-proto': 'https' }), { secureCookies: false, trustProxy: true }))).toBe(true);
    expect(secure(cookiesFor(requestWith({ 'x-forwarded-proto': 'https' }), plain))).toBe(false);
  });

  it('takes the client from the socket, or from X-Forwarded-For behind a trusted proxy only', () => {
    const req = requestWith({ 'x-forwarded-for': '203.0.113.9, 10.0.0.1' });
    expect(clientOf(req, { trustProxy: false })).toBe('10.1.2.3');
    expect(clientOf(req, { trustProxy: true })).toBe('203.0.113.9');
  });

  it('reads one cookie among several, and nothing from a malformed value', () => {
    expect(readCookie(requestWith({ cookie: 'a=1; jm_session=abc%2Fdef; b=2' }), 'jm_session')).toBe('abc/def');
    expect(readCookie(requestWith({ cookie: 'jm_session=%E0%A4%A' }), 'jm_session')).toBeUndefined();
    expect(readCookie(requestWith({}), 'jm_session')).toBeUndefined();
  });
});
