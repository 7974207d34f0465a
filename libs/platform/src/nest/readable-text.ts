/**
 * Text people read (titles, names, descriptions, reasons, notes, addresses...): one rule for
 * every DTO field that ends up in a ledger, an export or a notice, checked by the validation
 * pipe and published in the OpenAPI schema from the same source.
 *
 * Refused, because they make a row show something other than what it holds (docs/api-contract.md):
 * - bidirectional controls: embeddings and overrides U+202A–U+202E, isolates U+2066–U+2069, and
 *   the marks U+200E, U+200F and U+061C (Chinese and English text never needs them);
 * - zero-width and invisible characters: U+200B–U+200D, U+2060–U+2064, U+FEFF;
 * - control characters other than tab, line feed and carriage return.
 * Text must also hold at least one character that is not white space, and its length counts
 * characters (code points), as JSON Schema's minLength/maxLength do, not UTF-16 units.
 */
import { ApiProperty } from '@nestjs/swagger';
import { registerDecorator, ValidationOptions } from 'class-validator';

// Written as \u escapes so the same source reads the same in ECMAScript and in the fuzzer's Python regex engine.
const FORBIDDEN = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F\\u061C\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';
// What String.prototype.trim() removes (ECMAScript WhiteSpace and LineTerminator).
const WHITE_SPACE = '\\t\\n\\u000B\\f\\r \\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000';

/** The OpenAPI `pattern` of readable text: no forbidden character, and one that is not white space. */
export const READABLE_TEXT_PATTERN = `^[^${FORBIDDEN}]*[^${FORBIDDEN}${WHITE_SPACE}][^${FORBIDDEN}]*$`;
const FORBIDDEN_CHARACTER = new RegExp(`[${FORBIDDEN}]`);
const READABLE = new RegExp(READABLE_TEXT_PATTERN);

export interface TextBounds {
  /** Most characters (code points). */
  max: number;
  /** Fewest characters (default 1). */
  min?: number;
}

const codePoint = (character: string): string => `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a value as readable text of these bounds, or undefined when it is fine. */
export function readableTextProblem(value: unknown, bounds: TextBounds): string | undefined {
  const min = bounds.min ?? 1;
  const allowed = `text of ${min} to ${bounds.max} characters`;
  if (typeof value !== 'string') return `must be ${allowed}`;
  const forbidden = FORBIDDEN_CHARACTER.exec(value);
  if (forbidden) {
    const at = [...value.slice(0, forbidden.index)].length + 1;
    return `must not contain invisible, control or text-direction characters (${codePoint(forbidden[0])} at character ${at}); send the text as it should read`;
  }
  const length = [...value].length;
  if (length < min || length > bounds.max) return `must be ${allowed} (${length} given)`;
  if (!READABLE.test(value)) return 'must contain something other than white space';
  return undefined;
}

export function isReadableText(value: unknown, bounds: TextBounds): boolean {
  return readableTextProblem(value, bounds) === undefined;
}

/**
 * @ReadableText({ max }): a string of readable text (see the module header), min to max
 * characters; `{ each: true }` for an array of them. It adds minLength, maxLength and the
 * pattern to the field's OpenAPI schema (its @ApiProperty keeps description and required).
 */
export function ReadableText(bounds: TextBounds, options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator {
  const schema = { minLength: bounds.min ?? 1, maxLength: bounds.max, pattern: READABLE_TEXT_PATTERN };
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'readableText',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        ...options,
        message: ({ property, value }) => {
          const problem = readableTextProblem(Array.isArray(value) ? value.find((item) => !isReadableText(item, bounds)) : value, bounds);
          return `${property} ${problem ?? `must be text of ${schema.minLength} to ${bounds.max} characters`}`;
        },
      },
      validator: { validate: (value: unknown) => isReadableText(value, bounds) },
    });
    const apiProperty = ApiProperty(options.each ? { items: { type: 'string', ...schema } } : schema) as PropertyDecorator;
    apiProperty(target, propertyName);
  };
}
