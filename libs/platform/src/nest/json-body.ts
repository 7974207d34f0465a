/**
 * How every service reads a JSON request body: after the guards (so a request
 * without a token, or over the public rate limit, is answered before a byte of
 * its body is read), with a size limit, and with a nesting limit checked before
 * class-transformer and class-validator walk the value (they recurse, and a body
 * 5,000 levels deep overflowed the stack). Each failure is a client fault in
 * problem details (docs/errors.md), never a 500 or a logged stack trace:
 * too large 413 PAYLOAD_TOO_LARGE, not JSON 400 MALFORMED_JSON, too deep 422
 * BODY_TOO_DEEP, a body of another media type 415 UNSUPPORTED_MEDIA_TYPE.
 * Multipart bodies (evidence uploads) are left to their own interceptor and
 * its EVIDENCE_MAX_BYTES limit.
 */
import { CallHandler, ExecutionContext, HttpException, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Observable } from 'rxjs';

/** The JSON body limit (the limit Nest's default parser had, made explicit). */
export const JSON_BODY_MAX_BYTES = 100 * 1024;
/** Objects and arrays inside one another; the deepest DTO is a few levels, so 32 leaves room and stops abuse. */
export const JSON_BODY_MAX_DEPTH = 32;

const JSON_TYPES = ['application/json', 'application/*+json'];

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
// express ships with @nestjs/platform-express; its json() is body-parser's, the parser Nest used by default.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const express = require('express') as { json(options: { limit: number; type: string[]; strict: boolean }): Middleware };
const parseJson = express.json({ limit: JSON_BODY_MAX_BYTES, type: JSON_TYPES, strict: true });

interface BodyRequest extends IncomingMessage {
  body?: unknown;
}

/** The error body-parser gives: an http-errors error with a `type`. */
interface ParserError {
  type?: string;
  message?: string;
}

@Injectable()
export class JsonBodyInterceptor implements NestInterceptor {
  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const http = context.switchToHttp();
      await readJsonBody(http.getRequest<BodyRequest>(), http.getResponse<ServerResponse>());
    }
    return next.handle();
  }
}

export async function readJsonBody(req: BodyRequest, res: ServerResponse): Promise<void> {
  if (req.body !== undefined || !hasBody(req)) return;
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'multipart/form-data') return;
  if (!isJsonType(type)) {
    throw new HttpException(
      {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: `Content-Type ${type ? JSON.stringify(type) : '(none)'} is not accepted for this body; send application/json (multipart/form-data for evidence files)`,
      },
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  }
  await new Promise<void>((resolve, reject) =>
    parseJson(req, res, (error) => (error === undefined ? resolve() : reject(toHttpError(error as ParserError)))),
  );
  const depth = nestingDepth(req.body, JSON_BODY_MAX_DEPTH);
  if (depth > JSON_BODY_MAX_DEPTH) {
    req.body = undefined;
    throw new HttpException(
      {
        code: 'BODY_TOO_DEEP',
        message: `the JSON body nests objects and arrays more than ${JSON_BODY_MAX_DEPTH} levels deep`,
        errors: [{ field: 'body', messages: [`at most ${JSON_BODY_MAX_DEPTH} levels of nested objects and arrays`] }],
      },
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function isJsonType(type: string): boolean {
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function toHttpError(error: ParserError): unknown {
  switch (error.type) {
    case 'entity.too.large':
      return new HttpException(
        { code: 'PAYLOAD_TOO_LARGE', message: `the body is larger than the limit of ${JSON_BODY_MAX_BYTES} bytes (100 KiB); nothing was stored` },
        HttpStatus.PAYLOAD_TOO_LARGE,
      );
    case 'entity.parse.failed':
      return new HttpException(
        { code: 'MALFORMED_JSON', message: `the body is not valid JSON: ${error.message ?? 'it does not parse'}` },
        HttpStatus.BAD_REQUEST,
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpException(
        { code: 'UNSUPPORTED_MEDIA_TYPE', message: `${error.message ?? 'unsupported encoding'}; send UTF-8 JSON, uncompressed or gzip/deflate` },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    default:
      // Aborted or mis-sized requests are http-errors with expose: true; the filter answers them with their 4xx status.
      return error;
  }
}

/** Depth of nested objects and arrays, without recursion; stops counting once past `limit`. */
export function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop() as [unknown, number];
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
  }
  return deepest;
}
