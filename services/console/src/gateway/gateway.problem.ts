/**
 * Problem details the gateway answers itself (before or instead of a service),
 * shaped as ProblemDetailsFilter shapes them, but with the detail kept on a 502:
 * the person needs to know which service does not answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { catalogueEntry, languageOf, PROBLEM_MEDIA_TYPE } from '@jm/platform';
import type { Lang } from '@jm/reference';

export type GatewayCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'ROUTE_NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'SESSION_REQUIRED'
  | 'CSRF_TOKEN_INVALID'
  | 'PASSWORD_CHANGE_REQUIRED'
  | 'TOTP_ENROLMENT_REQUIRED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'INTERNAL';

export type Detail = Readonly<Record<Lang, string>>;

export function langOf(req: IncomingMessage): Lang {
  const url = req.url ?? '';
  const query = Object.fromEntries(new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?')) : ''));
  return languageOf({ headers: req.headers, query });
}

export function sendProblem(req: IncomingMessage & { originalUrl?: string }, res: ServerResponse, code: GatewayCode, detail: Detail): void {
  const entry = catalogueEntry(code);
  if (!entry) throw new Error(`${code} is not in the error catalogue`);
  const lang = langOf(req);
  const instance = (req.originalUrl ?? req.url ?? '').split('?')[0];
  const body = JSON.stringify({ type: 'about:blank', title: entry.title[lang], status: entry.status, code, detail: detail[lang], instance });
  res.statusCode = entry.status;
  res.setHeader('Content-Type', PROBLEM_MEDIA_TYPE);
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
