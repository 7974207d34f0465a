/**
 * One exception filter for every service (style.md rule 6): typed rule
 * violations become RFC 9457 problem details with a stable code, a title a person
 * reads (zh-CN by default, English with `Accept-Language: en` or `?lang=en`) and
 * the error's own detail. A stale expected version or a state conflict is 409,
 * invalid input 422; unknown errors are 500 without internals, logged in full.
 * On the bus (RPC) it hands the error back unchanged, so retries and parking see it.
 */
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { throwError } from 'rxjs';
import type { Lang } from '../reference/labels';


/** The parts of an Express request and response this filter uses. */
interface HttpRequest {
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  url?: string;
  originalUrl?: string;
}
interface HttpResponse {
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

/** Status by the `code` a typed error carries; domain modules register theirs. */
const STATUS_BY_CODE = new Map<string, number>([
  ['WRONG_EXPECTED_VERSION', HttpStatus.CONFLICT],
  ['DUPLICATE_EVENT_ID', HttpStatus.CONFLICT],
  ['CONCURRENCY_RETRIES_EXHAUSTED', HttpStatus.CONFLICT],
  ['INVALID_APPEND', HttpStatus.UNPROCESSABLE_ENTITY],
]);

export function registerErrorStatus(code: string, status: number): void {
  STATUS_BY_CODE.set(code, status);
}

const TITLES: Record<number, Record<Lang, string>> = {
  400: { 'zh-CN': '请求有误', en: 'Bad request' },
  401: { 'zh-CN': '未登录或凭证无效', en: 'Not authenticated' },
  403: { 'zh-CN': '无权执行此操作', en: 'Forbidden' },
  404: { 'zh-CN': '未找到', en: 'Not found' },
  409: { 'zh-CN': '状态冲突，请刷新后重试', en: 'Conflict: reload and try again' },
  410: { 'zh-CN': '数据已被永久销毁', en: 'Gone: permanently destroyed' },
  422: { 'zh-CN': '输入不符合要求', en: 'Invalid input' },
  429: { 'zh-CN': '请求过于频繁', en: 'Too many requests' },
  500: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
  503: { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
};

export function languageOf(request: HttpRequest | undefined): Lang {
  const query = request?.query?.lang;
  if (typeof query === 'string') return query.toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
  const header = request?.headers?.['accept-language'];
  return typeof header === 'string' && header.trim().toLowerCase().startsWith('en') ? 'en' : 'zh-CN';
}

export function toProblem(exception: unknown, lang: Lang): Problem {
  let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
  let code = 'INTERNAL';
  let detail = lang === 'en' ? 'An unexpected error occurred; it has been logged.' : '发生意外错误，已记录日志。';
  let errors: unknown;
  if (exception instanceof HttpException) {
    status = exception.getStatus();
    const body = exception.getResponse();
    code = `HTTP_${status}`;
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
  } else if (exception instanceof Error) {
    const typed = (exception as Error & { code?: unknown }).code;
    const mapped = typeof typed === 'string' ? STATUS_BY_CODE.get(typed) : undefined;
    if (mapped !== undefined) {
      status = mapped;
      code = typed as string;
      detail = exception.message;
    }
  }
  const title = TITLES[status]?.[lang] ?? (lang === 'en' ? `Error ${status}` : `错误 ${status}`);
  return { type: 'about:blank', title, status, code, detail, ...(errors === undefined ? {} : { errors }) };
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return throwError(() => exception);
    const http = host.switchToHttp();
    const request = http.getRequest<HttpRequest>();
    const response = http.getResponse<HttpResponse>();
    const problem = { ...toProblem(exception, languageOf(request)), instance: request.originalUrl ?? request.url };
    if (problem.status >= 500) this.logger.error({ err: exception, path: problem.instance }, 'request failed');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
    return undefined;
  }
}
