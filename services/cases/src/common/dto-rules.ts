/**
 * Validation rules the cases DTOs share, so one field kind reads and answers
 * the same everywhere: free text of bounded length, and agency codes.
 */
import { AGENCY_CODE_PATTERN } from '@jm/shared';
import { IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

export const agencyMessage = (field: string): string => `${field}: an agency code from the registry, e.g. lc-finance`;
export const textMessage = (field: string, max: number): string => `${field}: text, 1 to ${max} characters`;

/** Text of 1..max characters. */
export function Text(field: string, max: number): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    IsString({ message: textMessage(field, max) })(target, key);
    IsNotEmpty({ message: textMessage(field, max) })(target, key);
    MaxLength(max, { message: textMessage(field, max) })(target, key);
  };
}

/** An agency code (whether the registry knows it is the domain's question). */
export function AgencyCode(field: string): PropertyDecorator {
  return Matches(AGENCY_CODE_PATTERN, { message: agencyMessage(field) });
}
