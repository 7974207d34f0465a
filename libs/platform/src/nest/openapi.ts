/**
 * OpenAPI for every service: the document at /docs-json, Swagger UI at /docs (public, like /health).
 *
 * The document is the contract (docs/api-contract.md; `npm run fuzz` holds the server to it), so
 * besides what the controllers and DTOs declare, every operation lists each error status the server
 * can answer, with one problem-details schema (`Problem`). Most statuses follow from facts the
 * document already holds (declareProblemStatuses); the ones only the domain knows (a state conflict
 * 409, data destroyed 410, a rate limit 429) come from @ApiProblems on the route.
 */
import { HttpStatus, INestApplication } from '@nestjs/common';
import { ApiExtension, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { ServiceName } from '@jm/bus';
import { COMMAND_HEADER_SCHEMAS } from '../security/command-context';
import type { AgencyRegistry } from '@jm/reference';
import { AGENCY_REGISTRY } from '../security/tokens';
import { AGENCY_KIND_EXTENSION } from './api-fields';
import { languageOf, methodNotAllowedProblem } from './problem-details.filter';
import { declareMetricsEndpoint } from '../observability/metrics-openapi';

const TITLES: Record<ServiceName, string> = {
  intake: 'Intake: leads in (线索受理)',
  cases: 'Cases: triage, cases, joint meetings (线索分办、案件、联席会议)',
  notifications: 'Notifications: deadlines and reminders (时限与提醒)',
  reporting: 'Reporting: ledgers, statistics, audit (台账、统计、审计)',
  console: 'Console: sign-in, sessions, accounts (登录、会话、账号管理)',
};

/** The media type of every error answer (ProblemDetailsFilter). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The `Problem` components schema: what ProblemDetailsFilter sends (RFC 9457 plus our code and field errors). */
export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details. `title` is zh-CN, English with Accept-Language: en; `code` is stable (docs/errors.md).',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: '输入不符合要求' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 422 },
    code: { type: 'string', example: 'VALIDATION_FAILED' },
    detail: { type: 'string' },
    instance: { type: 'string', description: 'The request path' },
    errors: { description: 'With VALIDATION_FAILED: each bad field ({ field, messages }) and what is allowed there' },
  },
} as const;

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 423 | 429;

/** Why each error status is answered; the description each declared response carries. */
const PROBLEM_STATUSES: Record<ProblemStatus, string> = {
  400: 'Malformed request: the body is not well-formed JSON',
  401: 'No bearer token, or one that is not valid',
  403: 'The token is valid but its agency or roles may not do this',
  404: 'Nothing with that id, or nothing the caller may know of',
  409: 'A state conflict, a stale If-Match version or a reused Idempotency-Key',
  410: 'The data was destroyed on purpose and is gone for good',
  413: 'The body is larger than the service accepts',
  422: 'Invalid input: each bad field is named with what is allowed (unknown query parameters and properties too)',
  423: 'The account is locked after failed sign-ins; Retry-After says when it unlocks',
  429: 'Too many requests from this client; Retry-After says when to try again',
};

const EXTENSION = 'x-jm-problems';

/** The metadata key ApiExtension keeps a route's extensions under (Swagger does not export it): read off a probe. */
const EXTENSION_METADATA: unknown = (() => {
  const probe = { route(): void {} };
  const descriptor = Object.getOwnPropertyDescriptor(probe, 'route') as PropertyDescriptor;
  ApiExtension('x-probe', {})(probe, 'route', descriptor);
  return Reflect.getMetadataKeys(descriptor.value as object)[0];
})();

/**
 * Declares error statuses only the domain knows an operation can answer (409, 410, 429, a 404
 * for an id in the body...). On a controller it applies to each of its routes, beside any a
 * route declares itself (Swagger's own merge would keep only the route's list).
 */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  const declare = ApiExtension(EXTENSION, statuses);
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) return declare(target, key as string | symbol, descriptor);
    // Class decorators run after the methods': join the controller's statuses to each route's own list.
    const prototype = (target as { prototype: object }).prototype;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const route = Object.getOwnPropertyDescriptor(prototype, name)?.value as object | undefined;
      const extensions = route && (Reflect.getMetadata(EXTENSION_METADATA, route) as Record<string, unknown> | undefined);
      const own = extensions?.[EXTENSION] as ProblemStatus[] | undefined;
      if (route && own) Reflect.defineMetadata(EXTENSION_METADATA, { ...extensions, [EXTENSION]: [...new Set([...own, ...statuses])] }, route);
    }
    return declare(target as never);
  }) as MethodDecorator & ClassDecorator;
}

type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema?: object }[];
  requestBody?: { content?: Record<string, unknown> };
  security?: unknown[];
  responses: Record<string, unknown>;
  [extension: string]: unknown;
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

/** Every operation of a document with its method and path (tests and tools enumerate routes with it). */
export function operationsOf(document: OpenAPIObject): { method: string; path: string; operation: Operation }[] {
  const out: { method: string; path: string; operation: Operation }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, unknown>)[method] as Operation | undefined;
      if (operation) out.push({ method, path, operation });
    }
  }
  return out;
}

/** The error statuses an operation can answer, from what the document says of it plus its @ApiProblems. */
export function problemStatusesOf(operation: Operation, method: string): ProblemStatus[] {
  const statuses = new Set<ProblemStatus>((operation[EXTENSION] as ProblemStatus[] | undefined) ?? []);
  const parameters = operation.parameters ?? [];
  // The global guard runs on every route: a token, when sent, must be valid, on a @Public() route too (which
  // knows an agency caller by it); a route without @Public() needs one, and the domain may refuse its agency or roles.
  statuses.add(401);
  if (operation.security?.length) statuses.add(403);
  if (parameters.some((p) => p.in === 'path')) statuses.add(404);
  // The validation pipe refuses bad values and unknown properties of any declared input.
  if (parameters.length || operation.requestBody) statuses.add(422);
  // A command (any method but GET) goes through a decider and the command handler: a state that does not allow it
  // (INVALID_TRANSITION), a stale If-Match, a reused Idempotency-Key or writers that kept moving the stream are 409.
  if (method !== 'get' || parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === 'if-match')) statuses.add(409);
  if (operation.requestBody) {
    statuses.add(413);
    if (Object.keys(operation.requestBody.content ?? {}).some((type) => type.includes('json'))) statuses.add(400);
  }
  return [...statuses].sort((a, b) => a - b);
}

type SchemaNode = Record<string, unknown>;
const COMMAND_ONLY_HEADERS = ['if-match', 'idempotency-key'];

/**
 * The validation pipe refuses properties a DTO does not declare (forbidNonWhitelisted): every
 * object schema a request body reaches, its own or a nested DTO's, says additionalProperties: false.
 */
function closeRequestSchemas(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaNode>;
  const seen = new Set<SchemaNode>();
  const close = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node as SchemaNode)) return;
    const schema = node as SchemaNode;
    seen.add(schema);
    if (typeof schema.$ref === 'string') return close(schemas[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
    for (const child of [...Object.values((schema.properties as object) ?? {}), schema.items, ...((schema.allOf as unknown[]) ?? [])]) close(child);
  };
  for (const { operation } of operationsOf(document)) {
    for (const [type, media] of Object.entries(operation.requestBody?.content ?? {}))
      if (type.includes('json')) close((media as { schema?: unknown }).schema);
  }
}

/** Agency-code fields of one kind (AgencyCodeOf) get the deployed registry's codes of that kind as their enum. */
function listAgencyCodes(document: OpenAPIObject, registry: AgencyRegistry | undefined): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const schema = node as SchemaNode;
    const kind = schema[AGENCY_KIND_EXTENSION];
    if (typeof kind === 'string') {
      delete schema[AGENCY_KIND_EXTENSION];
      if (registry)
        schema.enum = registry
          .all()
          .filter((a) => a.kind === kind)
          .map((a) => a.code);
    }
    for (const child of Object.values(schema)) visit(child);
  };
  visit(document.components?.schemas);
  for (const { operation } of operationsOf(document)) visit(operation.parameters);
}

/**
 * Adds the `Problem` schema and, to every operation, a problem-details response for each status it
 * can answer; closes request-body schemas to undeclared properties; gives the shared command headers (Idempotency-Key, If-Match, X-Correlation-Id) the
 * schema of the rule the server applies to them.
 */
export function declareProblemStatuses(document: OpenAPIObject): OpenAPIObject {
  closeRequestSchemas(document);
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Problem: PROBLEM_SCHEMA as never } };
  for (const { method, operation } of operationsOf(document)) {
    // A controller declares If-Match and Idempotency-Key for its commands; its reads never look at them.
    if (method === 'get' && operation.parameters)
      operation.parameters = operation.parameters.filter((p) => !(p.in === 'header' && COMMAND_ONLY_HEADERS.includes(p.name.toLowerCase())));
    for (const parameter of operation.parameters ?? []) {
      const rule = parameter.in === 'header' ? COMMAND_HEADER_SCHEMAS[parameter.name.toLowerCase()] : undefined;
      if (rule) parameter.schema = { ...rule };
    }
    for (const status of problemStatusesOf(operation, method)) {
      operation.responses[String(status)] ??= {
        description: PROBLEM_STATUSES[status],
        content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    delete operation[EXTENSION];
  }
  return document;
}

export function createOpenApiDocument(app: INestApplication, service: ServiceName): OpenAPIObject {
  const registry = app.get<AgencyRegistry>(AGENCY_REGISTRY, { strict: false });
  const config = new DocumentBuilder()
    .setTitle(TITLES[service])
    .setDescription(
      'Commands answer with the stream version (body and ETag); send it back as If-Match to refuse a stale write (409). ' +
        'Idempotency-Key (a UUID) makes a retried command append nothing twice. Errors are RFC 9457 problem details (schema Problem), ' +
        'declared on each operation for every status it can answer; titles are zh-CN, English with Accept-Language: en.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  listAgencyCodes(document, registry);
  return declareProblemStatuses(declareMetricsEndpoint(document));
}

interface MethodRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
  originalUrl?: string;
}
interface MethodResponse {
  status(code: number): MethodResponse;
  setHeader(name: string, value: string): unknown;
  type(contentType: string): MethodResponse;
  send(body: string): unknown;
}

/** Path templates of the document as matchers, each with the methods it declares (HEAD goes with GET, as Express answers it). */
function methodsByPath(document: OpenAPIObject): { matches: RegExp; parameters: number; allow: string[] }[] {
  const byPath = new Map<string, Set<string>>();
  for (const { method, path } of operationsOf(document)) {
    const methods = byPath.get(path) ?? new Set<string>();
    methods.add(method.toUpperCase());
    if (method === 'get') methods.add('HEAD');
    byPath.set(path, methods);
  }
  return [...byPath].map(([path, methods]) => ({
    matches: new RegExp(
      `^${path
        .split(/\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}/?$`,
    ),
    parameters: (path.match(/\{/g) ?? []).length,
    allow: [...methods].sort(),
  }));
}

/**
 * A documented path asked with a method its operations do not declare answers 405 with Allow
 * (RFC 9110), in problem details, instead of Express's 404 for an unknown route.
 */
function answerUndeclaredMethods(app: INestApplication, document: () => OpenAPIObject): void {
  let paths: ReturnType<typeof methodsByPath> | undefined;
  app.use((request: MethodRequest, response: MethodResponse, next: () => void) => {
    paths ??= methodsByPath(document());
    // /leads/evidence is also an instance of /leads/{id}: the most literal templates the path matches decide.
    const matching = paths.filter((p) => p.matches.test(request.path));
    const fewest = Math.min(...matching.map((p) => p.parameters));
    const allowed = new Set(matching.filter((p) => p.parameters === fewest).flatMap((p) => p.allow));
    if (!allowed.size || allowed.has(request.method)) return next();
    const allow = [...allowed].sort();
    response.setHeader('Allow', allow.join(', '));
    response
      .status(HttpStatus.METHOD_NOT_ALLOWED)
      .type(PROBLEM_MEDIA_TYPE)
      .send(JSON.stringify(methodNotAllowedProblem(request, allow, languageOf(request))));
  });
}

export function setupOpenApi(app: INestApplication, service: ServiceName): void {
  let document: OpenAPIObject | undefined;
  const documentOnce = (): OpenAPIObject => (document ??= createOpenApiDocument(app, service));
  answerUndeclaredMethods(app, documentOnce);
  SwaggerModule.setup('docs', app, documentOnce, { jsonDocumentUrl: 'docs-json' });
}
