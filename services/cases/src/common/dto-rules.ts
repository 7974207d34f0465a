/**
 * Validation rules the cases DTOs share, so one field kind reads and answers
 * the same everywhere: readable text of bounded length, and agency codes.
 * Both publish their rule in the OpenAPI schema too (@jm/platform ReadableText, Pattern).
 */
import { Pattern, ReadableText } from '@jm/platform';
import { AGENCY_CODE_PATTERN } from '@jm/reference';

export const agencyMessage = (field: string): string => `${field}: an agency code from the registry, e.g. lc-finance`;

/** Readable text of 1..max characters (no invisible or text-direction characters). */
export function Text(max: number): PropertyDecorator {
  return ReadableText({ max });
}

/** An agency code (whether the registry knows it is the domain's question). */
export function AgencyCode(field: string): PropertyDecorator {
  return Pattern(AGENCY_CODE_PATTERN, agencyMessage(field));
}
