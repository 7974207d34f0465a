/**
 * The X-Access-Purpose header: why a reader reads, recorded in the access log.
 * HTTP headers carry Latin-1, and browsers and fetch cannot send Chinese text
 * raw, so a purpose comes percent-encoded UTF-8 (`encodeURIComponent`) or in
 * RFC 8187 form (`UTF-8''%E6%A0%B8%E5%AE%9E`); plain ASCII is fine as is. It is
 * stored decoded. Raw non-ASCII bytes, malformed percent-encoding, control
 * characters and a purpose over 500 characters are a 422 naming the header.
 *
 * `@AccessPurpose()` is the one way a route reads it: it parses and validates
 * the header and declares it once in the OpenAPI, as required only where the
 * route says so (the route itself decides what a missing purpose means, e.g.
 * informant identity records the refusal first).
 */
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { invalidFields } from '../nest/validation';

export const ACCESS_PURPOSE_HEADER = 'X-Access-Purpose';
/** Characters of the decoded purpose. */
export const ACCESS_PURPOSE_MAX_LENGTH = 500;

const RFC_8187 = /^UTF-8'[A-Za-z0-9-]*'(.*)$/i;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const HOW = "send it percent-encoded UTF-8 (encodeURIComponent), e.g. %E6%A0%B8%E5%AE%9E, or in RFC 8187 form, e.g. UTF-8''%E6%A0%B8%E5%AE%9E";

function refuse(message: string): never {
  throw invalidFields([{ field: ACCESS_PURPOSE_HEADER, messages: [message] }]);
}

/** The decoded purpose, undefined when absent or blank; throws a 422 naming the header when it cannot be read. */
export function parseAccessPurpose(value: string | string[] | undefined): string | undefined {
  const raw = (Array.isArray(value) ? value.join(', ') : value)?.trim();
  if (!raw) return undefined;
  // Node reads header bytes as Latin-1: anything above 0x7f is raw UTF-8 (or Latin-1) sent unencoded.
  if (/[^\x20-\x7e\t]/.test(raw)) refuse(`contains raw non-ASCII characters, which HTTP headers cannot carry; ${HOW}`);
  const encoded = RFC_8187.exec(raw)?.[1] ?? raw;
  let purpose: string;
  try {
    purpose = decodeURIComponent(encoded).trim();
  } catch {
    refuse(`is not valid percent-encoding ("%" must be followed by two hex digits of UTF-8 bytes); ${HOW}`);
  }
  if (CONTROL.test(purpose)) refuse('contains control characters (line breaks, tabs); state the purpose on one line');
  const length = [...purpose].length;
  if (length > ACCESS_PURPOSE_MAX_LENGTH) refuse(`is ${length} characters long after decoding; at most ${ACCESS_PURPOSE_MAX_LENGTH} are allowed`);
  return purpose || undefined;
}

interface HeaderRequest {
  headers: Record<string, string | string[] | undefined>;
}

const purposeParam = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined =>
  parseAccessPurpose(context.switchToHttp().getRequest<HeaderRequest>().headers['x-access-purpose']),
);

export interface AccessPurposeOptions {
  /** Declared as required in the OpenAPI; the route enforces it. */
  required?: boolean;
  /** What this route records the purpose for. */
  description?: string;
}

/** Parameter decorator: the decoded, validated X-Access-Purpose (undefined when absent), declared once in the OpenAPI. */
export function AccessPurpose(options: AccessPurposeOptions = {}): ParameterDecorator {
  return (target, propertyKey, index) => {
    purposeParam()(target, propertyKey, index);
    if (propertyKey === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, propertyKey);
    if (!descriptor) return;
    ApiHeader({
      name: ACCESS_PURPOSE_HEADER,
      required: options.required ?? false,
      description: `${options.description ?? 'Why you read this; recorded in the access log.'} Percent-encoded UTF-8 or RFC 8187 (UTF-8''…) for non-ASCII text; at most ${ACCESS_PURPOSE_MAX_LENGTH} characters decoded.`,
      // As sent: printable ASCII and %XX triplets; a header of at most 500 characters never decodes to more.
      schema: { type: 'string', maxLength: ACCESS_PURPOSE_MAX_LENGTH, pattern: '^(?:[\\x20-\\x24\\x26-\\x7e]|%[0-9A-Fa-f]{2})*$' },
    })(target, propertyKey, descriptor);
  };
}
