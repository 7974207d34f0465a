/**
 * Problem details on forms: the fields a problem names get its messages (antd
 * form.setFields); a problem naming no field of the form is for the caller to
 * show above it (returned). Limits read from the services' OpenAPI schemas, so
 * the forms refuse what the API refuses.
 */
import type { FormInstance, FormRule as Rule } from 'antd';
import { fieldErrorsOf } from './api';

/** Puts the problem's field errors on the fields the form shows; returns the problem when some of it belongs in an alert. */
export function showProblemOn(form: FormInstance, problem: unknown): unknown {
  const fields = fieldErrorsOf(problem);
  const shown = new Set(form.getFieldsError().map((field) => JSON.stringify(field.name)));
  const placed = fields.filter((field) => shown.has(JSON.stringify(field.name)));
  if (placed.length) form.setFields(placed);
  return placed.length && placed.length === fields.length ? undefined : problem;
}

/** An http(s) URL, as the services accept for websites and webhooks. */
export const HTTP_URL = /^https?:\/\/\S+$/;

export interface StringSchema {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: string[];
}

/** antd rules for a string property of an OpenAPI schema: length and pattern with the given messages. */
export function stringRules(schema: StringSchema | undefined, messages: { length?: string; pattern?: string; required?: string }): Rule[] {
  const rules: Rule[] = [];
  if (messages.required) rules.push({ required: true, whitespace: true, message: messages.required });
  if (!schema) return rules;
  if (schema.maxLength !== undefined || schema.minLength !== undefined)
    rules.push({ type: 'string', min: schema.minLength, max: schema.maxLength, message: messages.length });
  if (schema.pattern) rules.push({ pattern: new RegExp(schema.pattern), message: messages.pattern });
  return rules;
}
