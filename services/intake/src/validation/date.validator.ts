/** @IsCalendarDate(): YYYY-MM-DD that exists in the calendar (2026-02-30 is refused). Whether it is in the future is the service's check (it has the clock). */
import { registerDecorator, ValidationOptions } from 'class-validator';

export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isCalendarDate',
      target: object.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a calendar date YYYY-MM-DD, e.g. 2026-03-01', ...options },
      validator: { validate: isCalendarDate },
    });
  };
}
