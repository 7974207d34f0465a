/**
 * A command's form in a modal, built from the request-body schema the service
 * publishes (api/openapi/cases.json): which fields are required, their length
 * limits, patterns, enums and item counts come from there, so the form
 * validates as the API does. The API's problem details are shown at the field
 * they name, the rest in an alert.
 */
import { useState } from 'react';
import { Alert, App, AutoComplete, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import type { Rule } from 'antd/es/form';
import { useQuery } from '@tanstack/react-query';
import { components as casesComponents } from '../../api/openapi/cases.json';
import { api, ApiProblem, fieldErrorsOf, unwrap } from '../../app/api';
import { useT } from '../../app/i18n';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { chinaTimeToIso, ProblemAlert, useLabel } from './ui';

interface PropertySchema {
  type?: string;
  format?: string;
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minItems?: number;
  maxItems?: number;
  items?: PropertySchema;
}
interface ObjectSchema {
  properties?: Record<string, PropertySchema>;
  required?: string[];
}

const SCHEMAS = casesComponents.schemas as unknown as Record<string, ObjectSchema>;
export type SchemaName = keyof typeof casesComponents.schemas;

export type Widget = 'text' | 'textarea' | 'select' | 'switch' | 'number' | 'date' | 'datetime' | 'tags' | 'lines' | 'meeting';

export interface FieldSpec {
  name: string;
  /** Inferred from the schema when absent. */
  widget?: Widget;
  /** The label table of an enum (cases.enum.<table>.<code>); the field's name by default. */
  table?: string;
  /** Only these codes of the enum. */
  options?: string[];
  /** Required only while another field holds this value (the API refuses it missing then). */
  requiredWhen?: { field: string; equals: unknown };
  /** For widget "meeting": the level of the meetings offered. */
  meetingLevel?: 'district' | 'city';
  /** Message key of the label; `cases.form.<name>` by default. */
  labelKey?: string;
}

const AGENCY_PATTERN = '^[a-z][a-z0-9-]{1,63}$';

function widgetOf(spec: FieldSpec, schema: PropertySchema): Widget {
  if (spec.widget) return spec.widget;
  if (schema.enum) return 'select';
  if (schema.type === 'boolean') return 'switch';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.format === 'date') return 'date';
  if (schema.format === 'date-time') return 'datetime';
  if (schema.type === 'array') return 'tags';
  return (schema.maxLength ?? 0) > 200 ? 'textarea' : 'text';
}

function regex(pattern: string | undefined): RegExp | undefined {
  if (!pattern) return undefined;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return new RegExp(pattern);
  }
}

/** The form's value as the API takes it: dates as strings, lines as a list, blanks left out. */
function bodyOf(values: Record<string, unknown>, fields: FieldSpec[], schema: ObjectSchema): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const spec of fields) {
    const value = values[spec.name];
    const widget = widgetOf(spec, schema.properties?.[spec.name] ?? {});
    if (value === undefined || value === null || value === '') continue;
    if (widget === 'datetime') body[spec.name] = chinaTimeToIso(String(value));
    else if (widget === 'lines')
      body[spec.name] = String(value)
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
    else if (typeof value === 'string') body[spec.name] = value.trim();
    else body[spec.name] = value;
  }
  return body;
}

function MeetingPicker({ level, value, onChange, id }: { level?: 'district' | 'city'; value?: string; onChange?: (v: string) => void; id?: string }) {
  const { locale } = useI18n();
  const meetings = useQuery({
    queryKey: ['cases', 'meetings', 'open', level],
    queryFn: () => unwrap(api.cases.GET('/meetings', { params: { query: { status: 'scheduled', level, pageSize: 200 } } })),
  });
  const items = (meetings.data as { items?: Array<{ meetingId: string; title: string; scheduledFor: string }> } | undefined)?.items ?? [];
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={onChange}
      options={items.map((m) => ({ value: m.meetingId, label: `${m.title}（${formatDateTime(m.scheduledFor, locale)}）` }))}
      filterOption={(input, option) => String(option?.label ?? '').includes(input) || String(option?.value ?? '').includes(input)}
    />
  );
}

export interface SchemaFormModalProps {
  open: boolean;
  title: string;
  schema: SchemaName;
  fields: FieldSpec[];
  initialValues?: Record<string, unknown>;
  okText?: string;
  /** Labels are looked up as `<formKey>.<field>` first, then `cases.form.<field>`. */
  formKey?: string;
  /** Sends the body; throws an ApiProblem when refused. */
  submit: (body: Record<string, unknown>) => Promise<unknown>;
  onClose: () => void;
  onDone: (answer: unknown) => void;
}

export function SchemaFormModal({
  open,
  title,
  schema: schemaName,
  fields,
  initialValues,
  okText,
  formKey,
  submit,
  onClose,
  onDone,
}: SchemaFormModalProps) {
  const t = useT();
  const label = useLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [problem, setProblem] = useState<unknown>();
  const [sending, setSending] = useState(false);
  const schema = SCHEMAS[schemaName] ?? {};
  const required = new Set(schema.required ?? []);

  const labelOf = (spec: FieldSpec) => {
    if (spec.labelKey) return t(spec.labelKey);
    const specific = formKey ? `${formKey}.${spec.name}` : undefined;
    return specific && t(specific) !== specific ? t(specific) : t(`cases.form.${spec.name}`);
  };

  function rulesOf(spec: FieldSpec, property: PropertySchema, widget: Widget): Rule[] {
    const name = labelOf(spec);
    const rules: Rule[] = [];
    const must = required.has(spec.name);
    if (must)
      rules.push({
        required: true,
        // A switch's value is a boolean: without the type the validator checks it as a string and refuses true and false alike.
        ...(widget === 'switch' ? { type: 'boolean' as const } : {}),
        whitespace: widget === 'text' || widget === 'textarea',
        message: t('cases.form.required', { label: name }),
      });
    if (spec.requiredWhen) {
      const { field, equals } = spec.requiredWhen;
      rules.push(({ getFieldValue }) => ({
        required: getFieldValue(field) === equals,
        message: t('cases.form.required', { label: name }),
      }));
    }
    if (property.maxLength && widget !== 'lines') rules.push({ max: property.maxLength, message: t('cases.form.max', { n: property.maxLength }) });
    const pattern = regex(property.pattern);
    if (pattern) {
      const key =
        property.pattern === AGENCY_PATTERN
          ? 'cases.form.agencyPattern'
          : /amount/i.test(spec.name)
            ? 'cases.form.amountPattern'
            : 'cases.form.pattern';
      rules.push({ pattern, message: t(key) });
    }
    if (property.type === 'array') {
      const itemPattern = regex(property.items?.pattern);
      const itemMax = property.items?.maxLength;
      rules.push({
        validator: async (_rule, value: unknown) => {
          const list =
            widget === 'lines'
              ? String(value ?? '')
                  .split('\n')
                  .map((s) => s.trim())
                  .filter(Boolean)
              : ((value as string[] | undefined) ?? []);
          if (must && property.minItems && list.length < property.minItems) throw new Error(t('cases.form.minItems', { n: property.minItems }));
          if (property.maxItems && list.length > property.maxItems) throw new Error(t('cases.form.maxItems', { n: property.maxItems }));
          if (itemMax && list.some((item) => item.length > itemMax)) throw new Error(t('cases.form.max', { n: itemMax }));
          if (itemPattern && list.some((item) => !itemPattern.test(item)))
            throw new Error(t(property.items?.pattern === AGENCY_PATTERN ? 'cases.form.agencyPattern' : 'cases.form.pattern'));
        },
      });
    }
    return rules;
  }

  function control(spec: FieldSpec, property: PropertySchema, widget: Widget) {
    switch (widget) {
      case 'select':
        return (
          <Select
            allowClear={!required.has(spec.name)}
            options={(spec.options ?? property.enum ?? []).map((code) => ({ value: code, label: label(spec.table ?? spec.name, code) }))}
          />
        );
      case 'switch':
        return <Switch />;
      case 'number':
        return <InputNumber min={0} precision={0} style={{ width: '100%' }} />;
      case 'date':
        return <Input type="date" />;
      case 'datetime':
        // Entered and shown in China time, whatever the browser's zone (see bodyOf).
        return <Input type="datetime-local" />;
      case 'tags':
        return <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />;
      case 'lines':
        return <Input.TextArea rows={3} placeholder={t('cases.form.onePerLine')} />;
      case 'meeting':
        return <MeetingPicker level={spec.meetingLevel} />;
      case 'textarea':
        return <Input.TextArea rows={4} showCount maxLength={property.maxLength} />;
      default:
        return <Input maxLength={property.maxLength} />;
    }
  }

  async function onOk() {
    let values: Record<string, unknown>;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setProblem(undefined);
    setSending(true);
    try {
      const answer = await submit(bodyOf(values, fields, schema));
      message.success(t('cases.ui.done'));
      form.resetFields();
      onDone(answer);
    } catch (error) {
      const names = new Set(fields.map((f) => f.name));
      // A domain rule's problem names its field at the start of the detail ("date: … lies in the future").
      const named = /^([A-Za-z]+): /.exec(error instanceof ApiProblem && error.errors.length === 0 ? (error.detail ?? '') : '');
      const problems = named && error instanceof ApiProblem ? [{ name: [named[1]], errors: [error.detail ?? error.title] }] : fieldErrorsOf(error);
      const atFields = problems.filter((e) => names.has(String(e.name[0]))).map((e) => ({ name: [e.name[0]], errors: e.errors }));
      form.setFields(atFields);
      const unplaced = !(error instanceof ApiProblem) || atFields.length === 0 || atFields.length < problems.length;
      if (unplaced) setProblem(error);
    } finally {
      setSending(false);
    }
  }

  return (
    <Modal
      open={open}
      title={title}
      okText={okText ?? t('cases.ui.submit')}
      cancelText={t('cases.ui.cancel')}
      // Two-character labels stay as written ("提交", not antd's "提 交"): what a test or a screen reader finds.
      okButtonProps={{ autoInsertSpace: false }}
      cancelButtonProps={{ autoInsertSpace: false }}
      confirmLoading={sending}
      onOk={onOk}
      onCancel={() => {
        setProblem(undefined);
        onClose();
      }}
      destroyOnHidden
      width={640}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} preserve={false}>
        {fields.map((spec) => {
          const property = schema.properties?.[spec.name] ?? {};
          const widget = widgetOf(spec, property);
          return (
            <Form.Item
              key={spec.name}
              name={spec.name}
              label={labelOf(spec)}
              rules={rulesOf(spec, property, widget)}
              valuePropName={widget === 'switch' ? 'checked' : 'value'}
              initialValue={widget === 'switch' && initialValues?.[spec.name] === undefined ? false : undefined}
              dependencies={spec.requiredWhen ? [spec.requiredWhen.field] : undefined}
            >
              {control(spec, property, widget)}
            </Form.Item>
          );
        })}
      </Form>
      {problem ? <ProblemAlert problem={problem} /> : null}
      {sending ? <Alert type="info" title={t('cases.ui.sending')} /> : null}
    </Modal>
  );
}
