/**
 * The HTTP side of the metrics: every answer counted and timed by its route
 * template (`/cases/:id`, never the raw path, so ids do not become series), and
 * GET /metrics for Prometheus. /metrics is closed by default: without
 * METRICS_TOKEN it is not there (404, like any unknown path); with it, only
 * `Authorization: Bearer <METRICS_TOKEN>` reads it and anyone else gets 401,
 * a user's JWT included. It runs before Nest's routes and guards, as plain
 * Express middleware: the scrape token is no JWT for the AuthGuard to verify.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnauthenticatedError } from '@jm/event-sourcing';
import { languageOf, toProblem } from '../nest/problem-details.filter';
import type { ServiceMetrics } from './metrics';

export const METRICS_PATH = '/metrics';
/** The route label of requests no route matched (unknown paths): one series, whatever the path. */
export const UNMATCHED_ROUTE = '(unmatched)';

/** The parts of Express' request and response these middlewares use (express types are not installed). */
interface MetricsRequest extends IncomingMessage {
  path?: string;
  baseUrl?: string;
  route?: { path?: unknown };
  query?: Record<string, unknown>;
}
interface MetricsResponse extends ServerResponse {
  locals?: Record<string, unknown>;
}
type Middleware = (req: MetricsRequest, res: MetricsResponse, next: () => void) => void;

/** The route template Express matched, or UNMATCHED_ROUTE. */
export function routeOf(req: MetricsRequest, res: MetricsResponse): string {
  const own = res.locals?.metricsRoute;
  if (typeof own === 'string') return own;
  const path = req.route?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` || '/' : UNMATCHED_ROUTE;
}

/** Counts and times each answer once it is sent. */
export function httpMetrics(metrics: ServiceMetrics): Middleware {
  return (req, res, next) => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const labels = { route: routeOf(req, res), method: req.method ?? 'GET', status: String(res.statusCode) };
      metrics.httpRequests.inc(labels);
      end(labels);
    });
    next();
  };
}

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** GET /metrics for the holder of `token`; without a token, nothing (the request goes on to Nest's 404). */
export function metricsEndpoint(metrics: ServiceMetrics, token: string | undefined): Middleware {
  const expected = token === undefined ? undefined : digest(token);
  return (req, res, next) => {
    if (!expected || req.path !== METRICS_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    res.locals = { ...res.locals, metricsRoute: METRICS_PATH };
    const given = /^Bearer\s+(\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    // Compared as digests: equal lengths for timingSafeEqual, and no timing hint about the token.
    if (given === undefined || !timingSafeEqual(digest(given), expected)) {
      const problem = toProblem(
        new UnauthenticatedError('/metrics needs "Authorization: Bearer <METRICS_TOKEN>", the scrape token'),
        languageOf(req),
      );
      res.statusCode = problem.status;
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      res.setHeader('Content-Type', 'application/problem+json');
      res.end(JSON.stringify({ ...problem, instance: req.url }));
      return;
    }
    metrics.text().then(
      (text) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', metrics.registry.contentType);
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      },
    );
  };
}
