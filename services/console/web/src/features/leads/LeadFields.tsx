/**
 * The fields of a lead, for the agency form (线索登记) and the public report:
 * limits, patterns and code lists read from intake's OpenAPI schema
 * (AgencyLeadDto / PublicLeadDto), so the form refuses what the API refuses.
 */
import { Button, Card, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import type { FormRule } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import intake from '../../api/openapi/intake.json';
import { agencyName } from '../../app/agencies';
import { RemoveItem } from '../../app/form-list';
import { HTTP_URL, StringSchema, stringRules } from '../../app/forms';
import { useI18n } from '../../app/i18n';

type PropertySchema = StringSchema & { type?: string; minimum?: number; maximum?: number; maxItems?: number };
type ObjectSchema = { properties: Record<string, PropertySchema>; required?: string[] };
const SCHEMAS = intake.components.schemas as unknown as Record<string, ObjectSchema>;

export type LeadFormKind = 'agency' | 'public';

const schemaOf = (kind: LeadFormKind) => SCHEMAS[kind === 'agency' ? 'AgencyLeadDto' : 'PublicLeadDto'];
const SUBJECT = SCHEMAS.SubjectDto.properties;
const INFORMANT = SCHEMAS.InformantDto.properties;

export interface LeadFormValues {
  title: string;
  description: string;
  category: string;
  field: string;
  source?: string;
  channel?: string;
  street?: string;
  jurisdiction?: string;
  location?: string;
  occurredOn?: Dayjs;
  amountYuan?: string;
  participants?: number;
  major?: boolean;
  reportToOffice?: boolean;
  subjects?: Record<string, string | undefined>[];
  informant?: Record<string, string | undefined>;
}

/** Only what was filled in: the API refuses empty strings where a value is optional. */
function filled<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null && value !== '')) as Partial<T>;
}

/** The request body intake takes (AgencyLeadDto / PublicLeadDto) from the form's values. */
export function leadBody(values: LeadFormValues): Record<string, unknown> {
  const subjects = (values.subjects ?? []).map((subject) => filled(subject)).filter((subject) => Object.keys(subject).length > 1);
  const informant = filled(values.informant ?? {});
  return filled({
    ...values,
    occurredOn: values.occurredOn ? values.occurredOn.format('YYYY-MM-DD') : undefined,
    subjects: subjects.length ? subjects : undefined,
    informant: Object.keys(informant).length ? informant : undefined,
  });
}

export function LeadFields({ kind }: { kind: LeadFormKind }) {
  const { t, locale } = useI18n();
  const props = schemaOf(kind).properties;
  const options = (list: string[] | undefined, prefix: string) => (list ?? []).map((code) => ({ value: code, label: t(`${prefix}.${code}`) }));

  /** Rules of a text property: required (when the schema says so), length, the API's pattern. */
  const text = (schema: PropertySchema | undefined, labelKey: string, required = false, patternKey = 'leads.v.text'): FormRule[] => {
    const label = t(labelKey);
    return stringRules(schema, {
      required: required ? t('leads.v.required', { label }) : undefined,
      length: t('leads.v.length', { label, max: schema?.maxLength ?? '' }),
      pattern: patternKey === 'leads.v.text' ? t(patternKey, { label }) : t(patternKey),
    });
  };
  const choose = (labelKey: string): FormRule[] => [{ required: true, message: t('leads.v.select', { label: t(labelKey) }) }];

  return (
    <>
      <Row gutter={16}>
        <Col span={24}>
          <Form.Item name="title" label={t('leads.titleField')} rules={text(props.title, 'leads.titleField', true)}>
            <Input maxLength={props.title.maxLength} showCount />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="description" label={t('leads.description')} rules={text(props.description, 'leads.description', true)}>
            <Input.TextArea rows={4} maxLength={props.description.maxLength} showCount />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="category" label={t('leads.categoryField')} rules={choose('leads.categoryField')}>
            <Select options={options(props.category.enum, 'leads.category')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="field" label={t('leads.fieldField')} rules={choose('leads.fieldField')}>
            <Select options={options(props.field.enum, 'leads.field')} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Col>
        {kind === 'agency' ? (
          <>
            <Col span={8}>
              <Form.Item name="source" label={t('leads.sourceField')} rules={choose('leads.sourceField')}>
                <Select options={options(props.source.enum, 'leads.source')} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="channel" label={t('leads.channelField')} rules={choose('leads.channelField')}>
                <Select options={options(props.channel.enum, 'leads.channel')} />
              </Form.Item>
            </Col>
          </>
        ) : null}
        <Col span={8}>
          <Form.Item
            name="street"
            label={t('leads.streetField')}
            dependencies={['jurisdiction']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (!value && !getFieldValue('jurisdiction')) throw new Error(t('leads.v.place'));
                },
              }),
            ]}
          >
            <Select allowClear options={(props.street.enum ?? []).map((code) => ({ value: code, label: agencyName(code, locale) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="jurisdiction"
            label={t('leads.jurisdictionField')}
            extra={t('leads.jurisdictionHelp')}
            rules={[{ pattern: new RegExp(props.jurisdiction.pattern ?? '^[0-9]{6}$'), message: t('leads.v.region') }]}
          >
            <Input inputMode="numeric" maxLength={6} />
          </Form.Item>
        </Col>
        <Col span={16}>
          <Form.Item name="location" label={t('leads.locationField')} rules={text(props.location, 'leads.locationField')}>
            <Input maxLength={props.location.maxLength} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="occurredOn"
            label={t('leads.occurredOnField')}
            rules={[
              {
                validator: async (_rule, value: Dayjs | undefined) => {
                  if (value && value.isAfter(dayjs(), 'day')) throw new Error(t('leads.v.future'));
                },
              },
            ]}
          >
            <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="amountYuan"
            label={t('leads.amountField')}
            rules={[{ pattern: new RegExp(props.amountYuan.pattern ?? ''), message: t('leads.v.amount') }]}
          >
            <Input inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="participants" label={t('leads.participantsField')}>
            <InputNumber min={props.participants.minimum} max={props.participants.maximum} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="major" label={t('leads.majorField')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        {kind === 'agency' ? (
          <Col span={8}>
            <Form.Item name="reportToOffice" label={t('leads.reportToOfficeField')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        ) : null}
      </Row>
      <SubjectsField maxItems={props.subjects.maxItems ?? 50} />
      <Card size="small" title={t('leads.informant')} style={{ marginBottom: 24 }}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name={['informant', 'name']} label={t('leads.informantName')} rules={text(INFORMANT.name, 'leads.informantName')}>
              <Input maxLength={INFORMANT.name.maxLength} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={['informant', 'phone']}
              label={t('leads.informantPhone')}
              rules={text(INFORMANT.phone, 'leads.informantPhone', false, 'leads.v.phone')}
            >
              <Input inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name={['informant', 'idNumber']}
              label={t('leads.informantId')}
              rules={text(INFORMANT.idNumber, 'leads.informantId', false, 'leads.v.idNumber')}
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={['informant', 'address']} label={t('leads.informantAddress')} rules={text(INFORMANT.address, 'leads.informantAddress')}>
              <Input maxLength={INFORMANT.address.maxLength} autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Card>
    </>
  );
}

const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

function SubjectsField({ maxItems }: { maxItems: number }) {
  const { t } = useI18n();
  return (
    <Form.List name="subjects">
      {(fields, { add, remove }) => (
        <Card
          size="small"
          title={t('leads.subjects')}
          style={{ marginBottom: 24 }}
          extra={
            <Button size="small" onClick={() => add({ kind: 'company' })} disabled={fields.length >= maxItems}>
              {t('leads.addSubject')}
            </Button>
          }
        >
          {fields.map((field) => (
            <Space key={field.key} align="start" wrap style={{ marginBottom: 8 }}>
              <Form.Item
                name={[field.name, 'kind']}
                label={t('leads.subjectKind')}
                rules={[{ required: true, message: t('leads.v.select', { label: t('leads.subjectKind') }) }]}
              >
                <Select
                  style={{ width: 120 }}
                  options={(SUBJECT.kind.enum ?? []).map((code) => ({ value: code, label: t(`leads.subjectKind.${code}`) }))}
                />
              </Form.Item>
              <Form.Item noStyle dependencies={[['subjects', field.name, 'kind']]}>
                {({ getFieldValue }) => {
                  const kind = getFieldValue(['subjects', field.name, 'kind']) as string | undefined;
                  return (
                    <>
                      <Form.Item
                        name={[field.name, 'name']}
                        label={t('leads.subjectName')}
                        rules={[
                          ...stringRules(SUBJECT.name, {
                            length: t('leads.v.length', { label: t('leads.subjectName'), max: SUBJECT.name.maxLength ?? '' }),
                            pattern: t('leads.v.text', { label: t('leads.subjectName') }),
                          }),
                          {
                            validator: async (_rule, value: string | undefined) => {
                              const creditCode = getFieldValue(['subjects', field.name, 'creditCode']) as string | undefined;
                              if (!value && (kind === 'person' || kind === 'app' || (kind === 'company' && !creditCode)))
                                throw new Error(t('leads.v.subjectName'));
                            },
                          },
                        ]}
                      >
                        <Input style={{ width: 200 }} maxLength={SUBJECT.name.maxLength} />
                      </Form.Item>
                      {kind === 'company' ? (
                        <Form.Item
                          name={[field.name, 'creditCode']}
                          label={t('leads.creditCode')}
                          rules={[{ pattern: CREDIT_CODE, message: t('leads.v.creditCode') }]}
                        >
                          <Input style={{ width: 200 }} maxLength={18} />
                        </Form.Item>
                      ) : null}
                      {kind === 'website' ? (
                        <Form.Item
                          name={[field.name, 'url']}
                          label={t('leads.url')}
                          rules={[{ required: true, pattern: HTTP_URL, message: t('leads.v.url') }]}
                        >
                          <Input style={{ width: 260 }} />
                        </Form.Item>
                      ) : null}
                      {kind === 'phone' ? (
                        <Form.Item
                          name={[field.name, 'phone']}
                          label={t('leads.phone')}
                          rules={[{ required: true, pattern: new RegExp(SUBJECT.phone.pattern ?? ''), message: t('leads.v.phone') }]}
                        >
                          <Input style={{ width: 180 }} />
                        </Form.Item>
                      ) : null}
                      {kind === 'account' ? (
                        <Form.Item
                          name={[field.name, 'account']}
                          label={t('leads.account')}
                          rules={stringRules(SUBJECT.account, {
                            required: t('leads.v.required', { label: t('leads.account') }),
                            length: t('leads.v.length', { label: t('leads.account'), max: SUBJECT.account.maxLength ?? '' }),
                            pattern: t('leads.v.text', { label: t('leads.account') }),
                          })}
                        >
                          <Input style={{ width: 220 }} maxLength={SUBJECT.account.maxLength} />
                        </Form.Item>
                      ) : null}
                      <Form.Item
                        name={[field.name, 'region']}
                        label={t('leads.region')}
                        rules={[{ pattern: new RegExp(SUBJECT.region.pattern ?? ''), message: t('leads.v.region') }]}
                      >
                        <Input style={{ width: 100 }} maxLength={6} inputMode="numeric" />
                      </Form.Item>
                    </>
                  );
                }}
              </Form.Item>
              <RemoveItem label={t('leads.removeSubject')} onRemove={() => remove(field.name)} />
            </Space>
          ))}
        </Card>
      )}
    </Form.List>
  );
}
