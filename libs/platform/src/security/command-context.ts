/**
 * From an HTTP request to the metadata a command handler needs:
 * - command id: the `Idempotency-Key` header when the client sends one (a UUID),
 *   so a retried request appends nothing twice; otherwise a fresh UUID;
 * - expected version: `If-Match: "3"` (or W/"3", or 3), so a stale write is 409;
 * - correlation id: `X-Correlation-Id` when given;
 * - time from the injected clock, actor from the principal.
 * Controllers answer with the new version in the body and as the ETag.
 */
import { randomUUID } from 'node:crypto';
import { createParamDecorator, ExecutionContext, HttpException, HttpStatus } from '@nestjs/common';
import type { Clock, CommandMetadata, HandleResult } from '@jm/event-sourcing';
import { UnauthenticatedError } from '@jm/event-sourcing';
import { Principal } from './principal';
import { envelopeActor } from '@jm/contracts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PRINTABLE = /^[\x21-\x7e]{1,128}$/;
const IF_MATCH = /^\s*(?:W\/)?"?([0-9]{1,9})"?\s*$/;

/**
 * The command headers' rules as OpenAPI schemas, from the same rules the parsing below applies
 * (openapi.ts puts them on every operation that declares the header). Node has trimmed the value.
 */
export const COMMAND_HEADER_SCHEMAS: Readonly<Record<string, { type: 'string'; pattern?: string; format?: string; description: string }>> = {
  // Any case: the value is lowercased before the check.
  'idempotency-key': { type: 'string', format: 'uuid', description: 'A UUID' },
  'if-match': {
    type: 'string',
    pattern: '^((W/)?"?[0-9]{1,9}"?)?$',
    description: 'The stream version (ETag) a previous answer gave, e.g. "3"; empty counts as absent',
  },
  'x-correlation-id': { type: 'string', pattern: PRINTABLE.source, description: 'Printable ASCII without spaces, at most 128 characters' },
};

/** The part of an HTTP request commands and reads use: its headers and, once authenticated, the principal. */
export interface CommandRequest {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

function header(request: CommandRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function unprocessable(field: string, message: string): HttpException {
  return new HttpException(
    { code: 'VALIDATION_FAILED', message: [`${field}: ${message}`], errors: [{ field, message }] },
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

/** Parses If-Match; undefined when absent. */
export function expectedVersionOf(request: CommandRequest): number | undefined {
  const raw = header(request, 'if-match');
  if (raw === undefined || raw.trim() === '') return undefined;
  const match = IF_MATCH.exec(raw);
  if (!match)
    throw unprocessable('If-Match', `${JSON.stringify(raw)} is not a stream version; send the version (ETag) a previous answer gave, e.g. "3"`);
  return Number(match[1]);
}

export interface HttpCommand {
  principal: Principal;
  metadata: CommandMetadata;
}

export function commandFromRequest(request: CommandRequest, clock: Clock, principal: Principal | undefined = request.principal): HttpCommand {
  if (!principal) throw new UnauthenticatedError('this command needs an authenticated caller');
  const idempotencyKey = header(request, 'idempotency-key')?.trim().toLowerCase();
  if (idempotencyKey !== undefined && !UUID.test(idempotencyKey)) throw unprocessable('Idempotency-Key', 'must be a lowercase UUID');
  const correlationId = header(request, 'x-correlation-id');
  if (correlationId !== undefined && !PRINTABLE.test(correlationId))
    throw unprocessable('X-Correlation-Id', 'printable ASCII without spaces, at most 128 characters');
  const expectedVersion = expectedVersionOf(request);
  const commandId = idempotencyKey ?? randomUUID();
  return {
    principal,
    metadata: {
      commandId,
      time: clock.now().toISOString(),
      actor: envelopeActor(principal),
      ...(correlationId ? { correlationId } : {}),
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    },
  };
}

/** The body every command endpoint answers with (and the ETag it sets). */
export interface CommandAccepted {
  streamId: string;
  /** Version of the stream after the command; send it back as If-Match. */
  version: number;
  /** Event types the command produced (empty when it changed nothing). */
  events: string[];
}

/** The answer of a command endpoint from what the command handler did. */
export function commandAccepted(
  streamId: string,
  result: Pick<HandleResult<unknown, { type: string }>, 'nextExpectedVersion' | 'events'>,
): CommandAccepted {
  return { streamId, version: result.nextExpectedVersion ?? -1, events: result.events.map((e) => e.type) };
}

/** The ETag of a stream version, as commands answer it and If-Match takes it back. */
export const etag = (version: number): string => `"${version}"`;

/** The part of the HTTP response a controller touches to set the ETag. */
export interface EtagResponse {
  setHeader(name: string, value: string): void;
}

/** Sets the ETag of a command's answer (the new stream version) and returns the answer. */
export function withEtag<T extends CommandAccepted>(res: EtagResponse, answer: T): T {
  res.setHeader('ETag', etag(answer.version));
  return answer;
}

export const RawRequest = createParamDecorator((_data: unknown, context: ExecutionContext): CommandRequest =>
  context.switchToHttp().getRequest<CommandRequest>(),
);
