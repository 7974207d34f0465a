/**
 * @IsCreditCode(): a unified social credit code whose check character is
 * right (GB 32100-2015). Pair it with @Transform(normalizeCreditCodeInput) so
 * lower case, spaces and full-width characters are folded before the check.
 */
import { CREDIT_CODE_FORMAT, isValidCreditCode, normalizeCreditCode } from '@jm/reference';
import { registerDecorator, ValidationOptions } from 'class-validator';

export function IsCreditCode(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCreditCode',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be a unified social credit code: ${CREDIT_CODE_FORMAT}`, ...options },
      validator: { validate: (value: unknown) => isValidCreditCode(value) },
    });
  };
}

/** For @Transform: fold a string the way the check expects; anything else is left for the validator to refuse. */
export const normalizeCreditCodeInput = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? normalizeCreditCode(value) : value);
