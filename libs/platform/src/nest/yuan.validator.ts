/**
 * @IsYuan(): an amount in yuan as an exact decimal string. A JSON number is
 * refused on purpose: 0.1 + 0.2 is not what anyone reported. Every DTO with
 * an amount uses it; `options.message` replaces the default wording. It publishes the
 * rule as the field's OpenAPI pattern.
 */
import { ApiProperty } from '@nestjs/swagger';
import { isYuan, YUAN_FORMAT, YUAN_PATTERN } from '@jm/reference';
import { registerDecorator, ValidationOptions } from 'class-validator';

export function IsYuan(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isYuan',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be a string with ${YUAN_FORMAT}; a JSON number is not accepted`, ...options },
      validator: { validate: (value: unknown) => isYuan(value) },
    });
    // The same rule in the OpenAPI schema (docs/api-contract.md).
    (ApiProperty({ type: 'string', pattern: YUAN_PATTERN.source }) as PropertyDecorator)(object, propertyName);
  };
}
