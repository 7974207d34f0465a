/**
 * One exception filter for every service (style.md rule 6): typed rule
 * violations become RFC 9457 problem details with a stable code, a title a person
 * reads (zh-CN by default, English with `Accept-Language: en` or `?lang=en`) and
 * the error's own detail. Code, status and title come from the error catalogue
 * (error-catalogue.ts): a stale expected version or a state conflict is 409,
 * invalid input 422, an unknown route ROUTE_NOT_FOUND; unknown errors are 500
 * without internals, logged in full (client faults never are).
 * On the bus (RPC) it hands the error back unchanged, so retries and parking see it.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { throwError } from 'rxjs';
import type { Lang } from '@jm/reference';
import { catalogueEntry, ErrorCatalogueEntry, genericEntry } from './error-catalogue';

/** The parts of an Express request and response this filter uses. */
interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  url?: string;
  originalUrl?: string;
}
interface HttpResponse {
  setHeader(name: string, value: string): unknown;
  status(code: number): HttpResponse;
  type(contentType: string): HttpResponse;
  send(body: string): unknown;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: unknown;
}

export function languageOf(request: HttpRequest | undefined): Lang {
  const query = request?.query?.lang;
  if (typeof query === 'string') return query.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  const header = request?.headers?.['accept-language'];
  return typeof header === 'string' && header.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

/** Nest's own answer for a path or method no controller has: NotFoundException("Cannot GET /x"). */
const NO_ROUTE = /^Cannot [A-Z]+ \S/;

export function toProblem(exception: unknown, lang: Lang): Problem {
  let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
  let code: string | undefined;
  let detail: string | undefined;
  let errors: unknown;
  if (exception instanceof HttpException) {
    status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'string') detail = body;
    else if (body && typeof body === 'object') {
      const b = body as { message?: unknown; code?: unknown; errors?: unknown };
      if (typeof b.code === 'string') code = b.code;
      if (Array.isArray(b.message)) {
        errors = b.message;
        detail = b.message.join('; ');
      } else if (typeof b.message === 'string') detail = b.message;
      if (b.errors !== undefined) errors = b.errors;
    }
    if (code === undefined && status === HttpStatus.NOT_FOUND && detail !== undefined && NO_ROUTE.test(detail)) {
      code = 'ROUTE_NOT_FOUND';
      detail =
        lang === 'en'
          ? `${detail}: no route for this path and method; /docs lists the routes`
          : `${detail}：没有这个路径和方法的接口，接口清单见 /docs`;
    }
  } else if (exception instanceof Error) {
    const typed = (exception as Error & { code?: unknown }).code;
    const mapped = typeof typed === 'string' ? catalogueEntry(typed)?.status : undefined;
    const clientFault = clientErrorStatus(exception);
    if (mapped !== undefined) {
      status = mapped;
      code = typed as string;
      detail = exception.message;
    } else if (clientFault !== undefined) {
      status = clientFault;
      detail = exception.message;
    }
  }
  const entry = (code === undefined ? undefined : catalogueEntry(code)) ?? genericEntry(status);
  code ??= entry.code;
  if (status >= 500) detail = lang === 'en' ? 'An unexpected error occurred; it has been logged.' : '发生意外错误，已记录日志。';
  return {
    type: 'about:blank',
    title: entry.title[lang],
    status,
    code,
    detail: detail ?? entry.title[lang],
    ...(errors === undefined ? {} : { errors }),
  };
}

/** The 405 answer for a path that exists with other methods (openapi.ts decides when): the catalogue's code and title, the detail naming the methods allowed. */
export function methodNotAllowedProblem(request: { method?: string; originalUrl?: string; url?: string }, allowed: string[], lang: Lang): Problem {
  const entry = catalogueEntry('METHOD_NOT_ALLOWED') as ErrorCatalogueEntry;
  const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
  const detail =
    lang === 'en'
      ? `${request.method ?? 'this method'} is not allowed on ${path}; allowed: ${allowed.join(', ')}`
      : `${path} 不支持 ${request.method ?? '该方法'}；可用方法：${allowed.join(', ')}`;
  return {
    type: 'about:blank',
    status: entry.status,
    code: entry.code,
    title: entry.title[lang],
    detail,
    instance: request.originalUrl ?? request.url,
  };
}

/**
 * Errors from Node's HTTP libraries (body-parser, multer; http-errors) mark the
 * client's faults with a 4xx `status` and `expose: true`: answered with that
 * status and message, never as a 500.
 */
function clientErrorStatus(error: Error): number | undefined {
  const e = error as Error & { status?: unknown; statusCode?: unknown; expose?: unknown };
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  return e.expose === true && typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const lang = languageOf(request);
    const problem: Problem = { ...toProblem(exception, lang), instance: request.originalUrl ?? request.url };
    if (problem.status >= 500) this.logger.error({ err: exception, path: problem.instance }, 'request failed');
    // An error that says when to come back (a lockout, an engine still loading) carries it in Retry-After.
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
    return undefined;
  }
}
