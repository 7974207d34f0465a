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

/**
 * What the parser accepts, as the published pattern: printable ASCII other than "%", and
 * percent-encoded UTF-8 whose characters are not control characters (C0, DEL, C1), with no
 * overlong forms or surrogates. Each alternative is one character; the raw length bounds the
 * decoded one, so maxLength 500 on the header keeps the decoded purpose within 500 too.
 */
const CONT = '%[89ABab][0-9A-Fa-f]';
const UTF8_CHARACTER = [
  '[\\x20-\\x24\\x26-\\x7e]',
  '%(?:[2-6][0-9A-Fa-f]|7[0-9A-Ea-e])',
  '%[Cc]2%[AaBb][0-9A-Fa-f]',
  `%(?:[Cc][3-9A-Fa-f]|[Dd][0-9A-Fa-f])${CONT}`,
  `%[Ee]0%[AaBb][0-9A-Fa-f]${CONT}`,
  `%(?:[Ee][1-9A-Ca-c]|[Ee][EeFf])${CONT}${CONT}`,
  `%[Ee][Dd]%[89][0-9A-Fa-f]${CONT}`,
  `%[Ff]0%(?:9[0-9A-Fa-f]|[AaBb][0-9A-Fa-f])${CONT}${CONT}`,
  `%[Ff][1-3]${CONT}${CONT}${CONT}`,
  `%[Ff]4%8[0-9A-Fa-f]${CONT}${CONT}`,
];
export const ACCESS_PURPOSE_PATTERN = `^(?:${UTF8_CHARACTER.join('|')})*$`;

const CONTROL_MESSAGE = 'contains control characters (line breaks, tabs), raw or percent-encoded; state the purpose on one line';

function refuse(message: string): never {
  throw invalidFields([{ field: ACCESS_PURPOSE_HEADER, messages: [message] }]);
}

/** The decoded purpose, undefined when absent or blank; throws a 422 naming the header when it cannot be read. */
export function parseAccessPurpose(value: string | string[] | undefined): string | undefined {
  // Spaces around the value are dropped (HTTP drops them too); a tab or line break anywhere is refused, never trimmed away.
  const raw = (Array.isArray(value) ? value.join(', ') : value)?.replace(/^ +| +$/g, '');
  if (!raw) return undefined;
  // Node reads header bytes as Latin-1: anything above 0x7f is raw UTF-8 (or Latin-1) sent unencoded.
  if (/[\u0080-\uffff]/.test(raw)) refuse(`contains raw non-ASCII characters, which HTTP headers cannot carry; ${HOW}`);
  if (CONTROL.test(raw)) refuse(CONTROL_MESSAGE);
  const encoded = RFC_8187.exec(raw)?.[1] ?? raw;
  let decoded: string;
  try {
    decoded = decodeURIComponent(encoded);
  } catch {
    refuse(`is not valid percent-encoding ("%" must be followed by two hex digits of UTF-8 bytes); ${HOW}`);
  }
  if (CONTROL.test(decoded)) refuse(CONTROL_MESSAGE);
  const purpose = decoded.trim();
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
      schema: { type: 'string', maxLength: ACCESS_PURPOSE_MAX_LENGTH, pattern: ACCESS_PURPOSE_PATTERN },
    })(target, propertyKey, descriptor);
  };
}
