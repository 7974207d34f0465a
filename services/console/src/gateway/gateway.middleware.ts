/**
 * The console's API gateway: `/api/<service>/<path>` is forwarded to that
 * service (base URL from configuration) with a short-lived bearer token of the
 * signed-in session's identity. In order: the path must stay inside the service
 * (gateway.target.ts); intake's public routes go through anonymous; any other
 * call needs a live session (401 SESSION_REQUIRED), the CSRF header unless it
 * is a GET or HEAD (403 CSRF_TOKEN_INVALID), and a finished password change and
 * TOTP enrolment (403). Bodies stream both ways unparsed; only allow-listed
 * headers cross (never cookies), and a service that does not answer is 502
 * UPSTREAM_UNAVAILABLE naming the service, not its address.
 *
 * A Nest middleware rather than a route handler: route handlers run the shared
 * JSON body reader first, and the gateway must pass bodies on untouched. The
 * console app is created with bodyParser: false (as createServiceApp does).
 */
import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import http, { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import https from 'node:https';
import { pipeline } from 'node:stream/promises';
import { clientOf } from '../session/cookies';
import { ConsoleSession, SESSION_PORT, SessionPort } from '../session/session.port';
import { GatewayConfig, Upstream, UPSTREAMS } from './gateway.config';
import { Detail, sendProblem } from './gateway.problem';
import { GatewayTarget, resolveTarget } from './gateway.target';
import { GATEWAY_CONFIG, GatewayTokens } from './gateway.tokens';

type ConsoleRequest = IncomingMessage & { originalUrl?: string; _body?: boolean };

export const GATEWAY_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Request headers a service may see; everything else (cookies, the CSRF token, forwarding headers) stays at the console. */
const REQUEST_HEADERS = [
  'content-type',
  'content-length',
  'accept',
  'accept-language',
  'if-match',
  'idempotency-key',
  'x-correlation-id',
  'x-access-purpose',
];
/** The public follow-up's credentials, only on intake's public routes. */
const PUBLIC_REQUEST_HEADERS = ['x-receipt-no', 'x-receipt-secret'];
/** Response headers passed back; Content-Length and Allow keep downloads and 405 answers whole. */
const RESPONSE_HEADERS = ['content-type', 'content-length', 'content-disposition', 'etag', 'location', 'retry-after', 'cache-control', 'allow'];

/** How long a service may stay silent on a connection before the call counts as unanswered. */
const UPSTREAM_IDLE_TIMEOUT_MS = 120_000;

const SERVICE_NAMES: Readonly<Record<Upstream, Detail>> = {
  intake: { 'zh-CN': '线索受理服务（intake）', en: 'the intake service' },
  cases: { 'zh-CN': '案件服务（cases）', en: 'the cases service' },
  notifications: { 'zh-CN': '时限与通知服务（notifications）', en: 'the notifications service' },
  reporting: { 'zh-CN': '台账统计服务（reporting）', en: 'the reporting service' },
};

@Injectable()
export class GatewayMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Gateway');

  constructor(
    @Inject(SESSION_PORT) private readonly sessions: SessionPort,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly tokens: GatewayTokens,
  ) {}

  use(req: ConsoleRequest, res: ServerResponse): Promise<void> {
    return this.handle(req, res).catch((error: unknown) => {
      this.logger.error({ err: error, path: (req.originalUrl ?? req.url ?? '').split('?')[0] }, 'gateway failed');
      if (res.headersSent) res.destroy();
      else sendProblem(req, res, 'INTERNAL', { 'zh-CN': '发生意外错误，已记录日志。', en: 'An unexpected error occurred; it has been logged.' });
    });
  }

  private async handle(req: ConsoleRequest, res: ServerResponse): Promise<void> {
    if (req._body) throw new Error('the request body was parsed before the gateway; create the console app with bodyParser: false');
    const method = req.method ?? 'GET';
    if (!(GATEWAY_METHODS as readonly string[]).includes(method)) {
      res.setHeader('Allow', GATEWAY_METHODS.join(', '));
      return sendProblem(req, res, 'METHOD_NOT_ALLOWED', {
        'zh-CN': `不支持 ${method}；可用方法：${GATEWAY_METHODS.join(', ')}`,
        en: `${method} is not forwarded; allowed: ${GATEWAY_METHODS.join(', ')}`,
      });
    }
    // The console authenticates by session only; a bearer token sent here is refused, never ignored or forwarded.
    if (req.headers.authorization !== undefined)
      return sendProblem(req, res, 'UNAUTHENTICATED', {
        'zh-CN': '控制台不接受 Authorization 令牌，请登录后使用会话访问',
        en: 'the console takes no Authorization token: sign in and use the session',
      });
    const target = resolveTarget(req.originalUrl ?? req.url ?? '');
    if ('refused' in target) {
      return target.refused === 'unknown-service'
        ? sendProblem(req, res, 'ROUTE_NOT_FOUND', {
            'zh-CN': `没有名为“${target.service}”的服务；可用：${UPSTREAMS.join('、')}`,
            en: `no service "${target.service}"; services: ${UPSTREAMS.join(', ')}`,
          })
        : sendProblem(req, res, 'BAD_REQUEST', { 'zh-CN': `路径不被接受：${target.reason}`, en: `the path is refused: ${target.reason}` });
    }
    if (target.anonymous) return this.forward(req, res, target, undefined);

    const session = await this.sessions.fromRequest(req);
    if (!session) return sendProblem(req, res, 'SESSION_REQUIRED', { 'zh-CN': '请先登录', en: 'sign in first' });
    if (!SAFE_METHODS.has(method) && !this.sessions.csrfValid(req, session))
      return sendProblem(req, res, 'CSRF_TOKEN_INVALID', {
        'zh-CN': '请求缺少有效的 X-CSRF-Token，请刷新页面后重试',
        en: 'the X-CSRF-Token header is missing or does not match the session; reload the page and try again',
      });
    if (session.mustChangePassword)
      return sendProblem(req, res, 'PASSWORD_CHANGE_REQUIRED', { 'zh-CN': '请先修改初始密码', en: 'change the one-time password first' });
    if (session.totpEnrolmentRequired)
      return sendProblem(req, res, 'TOTP_ENROLMENT_REQUIRED', {
        'zh-CN': '本单位要求双因素认证，请先绑定动态口令',
        en: 'your agency requires a second factor; set up TOTP first',
      });
    return this.forward(req, res, target, session);
  }

  private forward(req: ConsoleRequest, res: ServerResponse, target: GatewayTarget, session: ConsoleSession | undefined): Promise<void> {
    const base = this.config.upstreams[target.service];
    const headers = pick(req.headers, target.anonymous ? [...REQUEST_HEADERS, ...PUBLIC_REQUEST_HEADERS] : REQUEST_HEADERS);
    if (session) headers.authorization = `Bearer ${this.tokens.tokenFor(session)}`;
    // The public's address, so intake limits each member of the public on its own (it trusts the console: TRUSTED_PROXIES).
    else headers['x-forwarded-for'] = clientOf(req, this.config);
    const upstream = (base.protocol === 'https:' ? https : http).request({
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port,
      method: req.method,
      path: `${base.pathname.replace(/\/$/, '')}${target.path}${target.query}`,
      headers,
    });
    upstream.setTimeout(UPSTREAM_IDLE_TIMEOUT_MS, () => upstream.destroy(new Error(`no answer within ${UPSTREAM_IDLE_TIMEOUT_MS} ms`)));
    // The browser went away: stop the service's work on its behalf.
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });

    return new Promise<void>((resolve) => {
      upstream.once('response', (answer) => {
        res.statusCode = answer.statusCode ?? 502;
        for (const name of RESPONSE_HEADERS) {
          const value = answer.headers[name];
          if (value !== undefined) res.setHeader(name, name === 'location' ? this.consoleLocation(target.service, String(value)) : value);
        }
        if (answer.headers['cache-control'] === undefined) res.setHeader('Cache-Control', 'no-store');
        pipeline(answer, res).then(resolve, () => {
          res.destroy();
          resolve();
        });
      });
      upstream.once('error', (error) => {
        req.unpipe(upstream);
        req.resume();
        if (res.headersSent) {
          res.destroy();
          return resolve();
        }
        this.logger.warn({ err: error, service: target.service, upstream: base.origin }, `${target.service} did not answer`);
        sendProblem(req, res, 'UPSTREAM_UNAVAILABLE', {
          'zh-CN': `${SERVICE_NAMES[target.service]['zh-CN']}暂无响应，请稍后重试`,
          en: `${SERVICE_NAMES[target.service].en} does not answer; try again shortly`,
        });
        resolve();
      });
      req.pipe(upstream);
    });
  }

  /** A service's own path in Location (`/leads/1`) as the console's (`/api/intake/leads/1`); anything else as sent. */
  private consoleLocation(service: Upstream, location: string): string {
    return location.startsWith('/') && !location.startsWith('//') ? `/api/${service}${location}` : location;
  }
}

function pick(headers: IncomingHttpHeaders, names: readonly string[]): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const name of names) if (headers[name] !== undefined) out[name] = headers[name];
  return out;
}
