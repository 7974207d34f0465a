/**
 * One validation pipe for every service: class-validator on every body and
 * query DTO, unknown properties refused, and a bad request answered with 422
 * naming each bad field (nested paths such as subjects[0].creditCode) and what
 * is allowed there. Nothing is stored when validation fails, because the pipe
 * runs before the handler.
 */
import { HttpException, HttpStatus, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  /** Path of the field in the request, e.g. "amountYuan" or "subjects[0].creditCode". */
  field: string;
  /** What is wrong and what is allowed, one entry per broken rule. */
  messages: string[];
}

export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const key = /^\d+$/.test(error.property) ? `[${error.property}]` : parent ? `.${error.property}` : error.property;
    const path = `${parent}${key}`;
    const messages = Object.values(error.constraints ?? {});
    if (messages.length) out.push({ field: path, messages });
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/** A 422 VALIDATION_FAILED in the pipe's shape, for checks outside class-validator (headers, rules that need the store). */
export function invalidFields(fields: FieldError[]): HttpException {
  return new HttpException(
    { code: 'VALIDATION_FAILED', message: fields.map((f) => `${f.field}: ${f.messages.join('; ')}`), errors: fields },
    HttpStatus.UNPROCESSABLE_ENTITY,
  );
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidFields(flattenValidationErrors(errors)),
  });
}
