/**
 * The error catalogue: every `code` a service answers over HTTP, with its
 * status, the title a person reads (zh-CN and English) and when it happens.
 * The problem-details filter takes status and title from here, docs/errors.md
 * has one table that a test compares with this list (both directions), and the
 * OpenAPI layer can declare an operation's error answers from it.
 */
import type { Lang } from '@jm/reference';

export interface ErrorCatalogueEntry {
  /** Stable English code a program branches on. */
  code: string;
  status: number;
  title: Readonly<Record<Lang, string>>;
  /** When a service answers it (English; docs/errors.md shows the same text). */
  when: string;
}

const BAD_INPUT = { 'zh-CN': '输入不符合要求', en: 'Invalid input' } as const;
const CONFLICT = { 'zh-CN': '状态冲突，请刷新后重试', en: 'Conflict: reload and try again' } as const;
const NOT_FOUND = { 'zh-CN': '未找到', en: 'Not found' } as const;

export const ERROR_CATALOGUE: readonly ErrorCatalogueEntry[] = [
  {
    code: 'BAD_REQUEST',
    status: 400,
    title: { 'zh-CN': '请求有误', en: 'Bad request' },
    when: 'a request the server cannot take for a reason no other code names (the detail says which); the status is the one sent',
  },
  {
    code: 'MALFORMED_JSON',
    status: 400,
    title: { 'zh-CN': '请求体不是有效的 JSON', en: 'Malformed JSON' },
    when: 'a JSON body that does not parse (or is a bare string or number); the detail says where',
  },
  {
    code: 'UNAUTHENTICATED',
    status: 401,
    title: { 'zh-CN': '未登录或凭证无效', en: 'Not authenticated' },
    when: 'no token, or a token that is expired, badly signed, claims a lifetime over TOKEN_MAX_LIFETIME_HOURS, or names an unknown agency or a role it cannot hold',
  },
  {
    code: 'SESSION_REQUIRED',
    status: 401,
    title: { 'zh-CN': '请先登录', en: 'Sign-in required' },
    when: 'the console: no session cookie, or a session that expired (idle or absolute timeout), was signed out or revoked',
  },
  {
    code: 'TOTP_REQUIRED',
    status: 401,
    title: { 'zh-CN': '请输入动态口令', en: 'TOTP code required' },
    when: 'the console: the password was right and the account signs in with TOTP; send the sign-in again with `totp`',
  },
  {
    code: 'SIGN_IN_FAILED',
    status: 401,
    title: { 'zh-CN': '用户名或密码错误', en: 'Sign-in failed' },
    when: 'the console: an unknown username, a wrong password or TOTP code, or a disabled account (one answer for all, so none can be told apart)',
  },
  {
    code: 'FORBIDDEN',
    status: 403,
    title: { 'zh-CN': '无权执行此操作', en: 'Forbidden' },
    when: "the caller's role or agency may not issue this command; the detail says who may",
  },
  {
    code: 'TOTP_ENROLMENT_REQUIRED',
    status: 403,
    title: { 'zh-CN': '请先绑定动态口令', en: 'TOTP enrolment required' },
    when: 'the console: the agency requires TOTP and the account has not enrolled; only `/auth/totp/setup` and `/auth/totp/confirm` (and sign-out) are allowed until it has',
  },
  {
    code: 'PASSWORD_CHANGE_REQUIRED',
    status: 403,
    title: { 'zh-CN': '请先修改密码', en: 'Password change required' },
    when: 'the console: the session signed in with a one-time password; only `POST /auth/password` (and sign-out) is allowed until it is changed',
  },
  {
    code: 'CSRF_TOKEN_INVALID',
    status: 403,
    title: { 'zh-CN': '请求校验失败，请刷新页面后重试', en: 'CSRF check failed' },
    when: "the console: a state-changing request without the session's CSRF token (cookie `jm_csrf`) in the `X-CSRF-Token` header",
  },
  { code: 'NOT_FOUND', status: 404, title: NOT_FOUND, when: 'no such thing, or the caller may not know it exists (need-to-know)' },
  { code: 'KEY_NOT_FOUND', status: 404, title: NOT_FOUND, when: "an informant's data key that the key store does not hold" },
  {
    code: 'ROUTE_NOT_FOUND',
    status: 404,
    title: { 'zh-CN': '没有这个接口', en: 'No such route' },
    when: 'no route has this path; the published OpenAPI (/docs-json) lists the routes',
  },
  {
    code: 'METHOD_NOT_ALLOWED',
    status: 405,
    title: { 'zh-CN': '该接口不支持此方法', en: 'Method not allowed' },
    when: 'the path exists, but not for this method; the `Allow` header lists the methods it has',
  },
  {
    code: 'INVALID_TRANSITION',
    status: 409,
    title: CONFLICT,
    when: 'the command is not allowed in the current state; the detail names the state and what it allows',
  },
  {
    code: 'REPLAY_FAILED',
    status: 409,
    title: { 'zh-CN': '重放失败，事件仍处于停放状态', en: 'Replay failed: the event stays parked' },
    when: 'a parked event replayed through the admin API failed again (the detail summarises the handler’s error), or no consumer of its group runs in that process',
  },
  { code: 'WRONG_EXPECTED_VERSION', status: 409, title: CONFLICT, when: '`If-Match` names a version the stream has moved past' },
  { code: 'DUPLICATE_EVENT_ID', status: 409, title: CONFLICT, when: 'an event id that is already stored under another stream or position' },
  {
    code: 'CONCURRENCY_RETRIES_EXHAUSTED',
    status: 409,
    title: CONFLICT,
    when: 'other writers kept changing the stream while the command was retried',
  },
  { code: 'CONFLICT', status: 409, title: CONFLICT, when: 'a state conflict no other code names; the detail says what conflicts' },
  { code: 'REBUILD_RUNNING', status: 409, title: CONFLICT, when: 'a projection rebuild is asked for while one is running' },
  {
    code: 'USERNAME_TAKEN',
    status: 409,
    title: { 'zh-CN': '用户名已被使用', en: 'Username taken' },
    when: 'the console: a new account with a username another account has (unique across the deployment)',
  },
  {
    code: 'TOTP_REQUIRED_BY_AGENCY',
    status: 409,
    title: { 'zh-CN': '本单位要求使用动态口令，不能关闭', en: 'TOTP required by the agency' },
    when: 'the console: turning TOTP off for an account whose agency requires it',
  },
  {
    code: 'KEY_SHREDDED',
    status: 410,
    title: { 'zh-CN': '数据已被永久销毁', en: 'Gone: permanently destroyed' },
    when: "the informant's identity was crypto-shredded and can never be read again",
  },
  {
    code: 'PAYLOAD_TOO_LARGE',
    status: 413,
    title: { 'zh-CN': '请求体过大', en: 'Request body too large' },
    when: 'a JSON body over the limit (100 KiB); the detail says the limit; nothing was read further or stored',
  },
  {
    code: 'EVIDENCE_TOO_LARGE',
    status: 413,
    title: { 'zh-CN': '证据文件过大', en: 'Evidence file too large' },
    when: 'an evidence file over `EVIDENCE_MAX_BYTES`',
  },
  {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    status: 415,
    title: { 'zh-CN': '不支持的请求体类型', en: 'Unsupported media type' },
    when: 'a body whose Content-Type is neither application/json nor multipart/form-data (evidence uploads), or in a charset or content encoding the server does not read',
  },
  {
    code: 'ACCOUNT_LOCKED',
    status: 423,
    title: { 'zh-CN': '账号已锁定，请稍后再试', en: 'Account locked' },
    when: 'the console: the account is locked after `CONSOLE_LOCKOUT_THRESHOLD` failed sign-ins in a row, for `CONSOLE_LOCKOUT_MINUTES`; `Retry-After` says when it unlocks (an admin may unlock it by enabling it)',
  },
  {
    code: 'VALIDATION_FAILED',
    status: 422,
    title: BAD_INPUT,
    when: 'a body, query or header broke its rules; `errors: [{field, messages}]` names each field (`subjects[0].creditCode`, `If-Match`, `X-Access-Purpose`) and what is allowed; nothing was stored',
  },
  { code: 'BODY_TOO_DEEP', status: 422, title: BAD_INPUT, when: 'a JSON body nested deeper than 32 levels of objects and arrays' },
  {
    code: 'DOMAIN_RULE_VIOLATED',
    status: 422,
    title: BAD_INPUT,
    when: 'the content breaks a domain rule (a decision on a case the meeting was not asked about, a transfer without the stability assessment a key case needs)',
  },
  { code: 'INVALID_AMOUNT', status: 422, title: BAD_INPUT, when: 'an amount that is not a decimal string in yuan' },
  {
    code: 'CALENDAR_SPAN_TOO_LONG',
    status: 422,
    title: BAD_INPUT,
    when: 'a working-day computation that would walk more than 100 years of days (a span or deadline the calendar cannot count); nothing was stored',
  },
  {
    code: 'INVALID_APPEND',
    status: 422,
    title: BAD_INPUT,
    when: 'an append the event store refuses as malformed (an id or stream name it does not accept)',
  },
  {
    code: 'RATE_LIMITED',
    status: 429,
    title: { 'zh-CN': '请求过于频繁', en: 'Too many requests' },
    when: 'too many public requests from one address (`PUBLIC_RATE_LIMIT_PER_MINUTE`); `Retry-After` says when to try again',
  },
  {
    code: 'SIGN_IN_THROTTLED',
    status: 429,
    title: { 'zh-CN': '登录尝试过于频繁，请稍后再试', en: 'Too many sign-in attempts' },
    when: 'the console: after 3 failed sign-ins in a row each next attempt waits longer (2 s, 4 s, 8 s …), and one address may try `CONSOLE_SIGN_IN_PER_MINUTE` times a minute; `Retry-After` says when',
  },
  {
    code: 'INTERNAL',
    status: 500,
    title: { 'zh-CN': '服务器内部错误', en: 'Internal server error' },
    when: 'anything unexpected; the detail is generic, the error itself is logged, never sent',
  },
  {
    code: 'KEY_ENCRYPTION_KEY_MISSING',
    status: 500,
    title: { 'zh-CN': '服务器密钥配置不完整，请联系管理员', en: 'Key configuration incomplete: contact the administrator' },
    when: "a data key (an informant's, an aftermath person's, a TOTP secret's) is wrapped with a key-encryption key this service is not given (neither `KEY_ENCRYPTION_KEY` nor in `KEY_ENCRYPTION_KEY_PREVIOUS`); the detail is generic, the service log names that key's id (docs/operations/secrets.md)",
  },
  {
    code: 'UPSTREAM_UNAVAILABLE',
    status: 502,
    title: { 'zh-CN': '后台服务暂无响应', en: 'A service does not answer' },
    when: 'the console: the service a `/api/<service>/…` call is forwarded to does not answer; the detail names the service, never its address',
  },
  {
    code: 'SERVICE_UNAVAILABLE',
    status: 503,
    title: { 'zh-CN': '服务暂不可用', en: 'Service unavailable' },
    when: 'the service is starting or stopping, or a store it needs does not answer',
  },
  // OpenID Connect sign-in (services/console/src/oidc, docs/console-oidc.md): sent as /sign-in?error=<code>, never as a body.
  {
    code: 'OIDC_DISABLED',
    status: 404,
    title: { 'zh-CN': '未启用统一身份认证登录', en: 'Sign-in through the identity platform is not enabled' },
    when: 'OpenID Connect sign-in was started or answered on a console without `OIDC_ISSUER`',
  },
  {
    code: 'OIDC_STATE_INVALID',
    status: 400,
    title: { 'zh-CN': '登录已失效，请重新登录', en: 'The sign-in expired or is not valid: start again' },
    when: 'an OpenID Connect callback without the sign-in state cookie, with a state or cookie that was altered, expired (10 minutes) or already used',
  },
  {
    code: 'OIDC_PROVIDER_ERROR',
    status: 401,
    title: { 'zh-CN': '统一身份认证平台未完成登录', en: 'The identity platform did not complete the sign-in' },
    when: 'the identity platform answered the sign-in with an error (the person cancelled, no session for `prompt=none`) or without a code',
  },
  {
    code: 'OIDC_TOKEN_INVALID',
    status: 401,
    title: { 'zh-CN': '统一身份认证平台的凭证无效', en: "The identity platform's token is not valid" },
    when: "the code was refused at the token endpoint, or the ID token's signature, issuer, audience, authorised party, times or nonce do not hold, or the answer names another issuer",
  },
  {
    code: 'OIDC_UNMAPPED',
    status: 403,
    title: { 'zh-CN': '该身份未对应本平台的单位或角色', en: 'This identity maps to no agency or role of the platform' },
    when: "the identity's claims map (`OIDC_CLAIM_MAPPING`) to no agency of the registry, to no role, or to a role the agency's kind cannot hold",
  },
  {
    code: 'OIDC_PROVIDER_UNAVAILABLE',
    status: 502,
    title: { 'zh-CN': '统一身份认证平台暂不可用', en: 'The identity platform is unavailable' },
    when: "the identity platform's discovery, keys, token or userinfo endpoint did not answer, answered 5xx or not JSON, or its discovery does not fit the configuration",
  },
];

const BY_CODE = new Map(ERROR_CATALOGUE.map((entry) => [entry.code, entry]));

/** The code an HTTP error without its own code gets, by status; other statuses fall back to BAD_REQUEST (4xx) or INTERNAL (5xx). */
const GENERIC_BY_STATUS = new Map<number, string>([
  [400, 'BAD_REQUEST'],
  [401, 'UNAUTHENTICATED'],
  [403, 'FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [405, 'METHOD_NOT_ALLOWED'],
  [409, 'CONFLICT'],
  [413, 'PAYLOAD_TOO_LARGE'],
  [415, 'UNSUPPORTED_MEDIA_TYPE'],
  [422, 'VALIDATION_FAILED'],
  [429, 'RATE_LIMITED'],
  [500, 'INTERNAL'],
  [503, 'SERVICE_UNAVAILABLE'],
]);

export function catalogueEntry(code: string): ErrorCatalogueEntry | undefined {
  return BY_CODE.get(code);
}

/** The catalogued entry for an HTTP status that came without a code. */
export function genericEntry(status: number): ErrorCatalogueEntry {
  const code = GENERIC_BY_STATUS.get(status) ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
  return BY_CODE.get(code) as ErrorCatalogueEntry;
}

/** The statuses a code set can answer with, e.g. for an operation's OpenAPI responses. */
export function statusesOf(codes: readonly string[]): number[] {
  return [...new Set(codes.map((code) => BY_CODE.get(code)?.status).filter((s): s is number => s !== undefined))].sort((a, b) => a - b);
}
