/** 节假日日历: a year's public holidays and make-up working days; an office admin edits a year (notifications validates it as its files). */
import { useEffect, useState } from 'react';
import { App as AntApp, Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Typography } from 'antd';
import dayjs, { Dayjs } from 'dayjs';
import { agencyOf } from '../../app/agencies';
import { RemoveItem } from '../../app/form-list';
import { showProblemOn } from '../../app/forms';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { hasRole, useSession } from '../../app/session';
import { ErrorState, Loading, ProblemAlert } from '../../app/states';
import { HolidayYear, useCalendarYear, useCalendarYears, useSaveCalendarYear } from './hooks';

interface NamedForm {
  name: { 'zh-CN': string; en: string };
}
interface CalendarForm {
  source?: string;
  holidays: (NamedForm & { range: [Dayjs, Dayjs] })[];
  workdays: (NamedForm & { date: Dayjs })[];
}

const DATE = 'YYYY-MM-DD';

function toForm(year: HolidayYear | null): CalendarForm {
  return {
    source: year?.source,
    holidays: (year?.holidays ?? []).map((h) => ({ name: h.name, range: [dayjs(h.from), dayjs(h.to)] })),
    workdays: (year?.workdays ?? []).map((w) => ({ name: w.name, date: dayjs(w.date) })),
  };
}

function NameFields({ name }: { name: number }) {
  const { t } = useI18n();
  const rule = [{ required: true, whitespace: true, message: t('admin.calendar.v.name') }];
  return (
    <>
      <Form.Item name={[name, 'name', 'zh-CN']} label={t('admin.calendar.nameZh')} rules={rule}>
        <Input style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name={[name, 'name', 'en']} label={t('admin.calendar.nameEn')} rules={rule}>
        <Input style={{ width: 220 }} />
      </Form.Item>
    </>
  );
}

function YearEditor({ year, data, onDone }: { year: number; data: HolidayYear | null; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<CalendarForm>();
  const [alert, setAlert] = useState<unknown>();
  const save = useSaveCalendarYear(year);
  const inYear = (day: Dayjs) => day.year() !== year;
  return (
    <Form<CalendarForm>
      form={form}
      layout="vertical"
      initialValues={toForm(data)}
      onFinish={(values) => {
        setAlert(undefined);
        const body: HolidayYear = {
          year,
          ...(values.source?.trim() ? { source: values.source.trim() } : {}),
          holidays: (values.holidays ?? []).map((h) => ({ from: h.range[0].format(DATE), to: h.range[1].format(DATE), name: h.name })),
          workdays: (values.workdays ?? []).map((w) => ({ date: w.date.format(DATE), name: w.name })),
        };
        save.mutate(body, {
          onSuccess: () => {
            void message.success(t('app.saved'));
            onDone();
          },
          onError: (error) => setAlert(showProblemOn(form, error)),
        });
      }}
    >
      <ProblemAlert error={alert} />
      <Form.Item name="source" label={t('admin.calendar.source')}>
        <Input maxLength={200} />
      </Form.Item>
      {(['holidays', 'workdays'] as const).map((list) => (
        <Form.List key={list} name={list}>
          {(fields, { add, remove }) => (
            <Card
              size="small"
              title={t(`admin.calendar.${list}`)}
              extra={<Button onClick={() => add()}>{t('admin.calendar.add')}</Button>}
              style={{ marginBottom: 16 }}
            >
              {fields.map((field) => (
                <Space key={field.key} align="start" wrap>
                  {list === 'holidays' ? (
                    <Form.Item
                      name={[field.name, 'range']}
                      label={`${t('admin.calendar.from')} – ${t('admin.calendar.to')}`}
                      rules={[{ required: true, message: t('admin.calendar.v.date') }]}
                    >
                      <DatePicker.RangePicker disabledDate={inYear} />
                    </Form.Item>
                  ) : (
                    <Form.Item
                      name={[field.name, 'date']}
                      label={t('admin.calendar.date')}
                      rules={[{ required: true, message: t('admin.calendar.v.date') }]}
                    >
                      <DatePicker disabledDate={inYear} />
                    </Form.Item>
                  )}
                  <NameFields name={field.name} />
                  <RemoveItem label={t('admin.calendar.remove')} onRemove={() => remove(field.name)} />
                </Space>
              ))}
            </Card>
          )}
        </Form.List>
      ))}
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('app.save')}
        </Button>
        <Button onClick={onDone}>{t('app.cancel')}</Button>
      </Space>
    </Form>
  );
}

export function CalendarPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const years = useCalendarYears();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [editing, setEditing] = useState(false);
  const data = useCalendarYear(year);
  useEffect(() => setEditing(false), [year]);
  // notifications lets an admin of an office change the calendar (requireAdmin).
  const mayEdit = hasRole(session, 'admin') && agencyOf(session.agency)?.kind === 'office';
  const choices = [...new Set([...(years.data?.years ?? []), new Date().getFullYear(), new Date().getFullYear() + 1])].sort();

  return (
    <>
      <PageHeader
        title={t('admin.calendar.title')}
        extra={
          <>
            <Select
              aria-label={t('admin.calendar.year')}
              value={year}
              onChange={setYear}
              style={{ width: 120 }}
              options={choices.map((y) => ({ value: y, label: String(y) }))}
            />
            {mayEdit && !editing ? (
              <Button type="primary" onClick={() => setEditing(true)} disabled={data.isPending}>
                {t('admin.calendar.edit')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card>
        {data.isPending ? (
          <Loading />
        ) : data.error ? (
          <ErrorState error={data.error} onRetry={() => void data.refetch()} />
        ) : editing ? (
          <YearEditor year={year} data={data.data} onDone={() => setEditing(false)} />
        ) : !data.data ? (
          <Alert type="info" showIcon title={t('admin.calendar.missing', { year })} />
        ) : (
          <>
            {data.data.source ? (
              <Typography.Paragraph type="secondary">{`${t('admin.calendar.source')}：${data.data.source}`}</Typography.Paragraph>
            ) : null}
            <Row gutter={16}>
              <Col span={14}>
                <Table
                  title={() => <Typography.Text strong>{t('admin.calendar.holidays')}</Typography.Text>}
                  size="small"
                  rowKey="from"
                  pagination={false}
                  dataSource={data.data.holidays}
                  columns={[
                    { title: t('admin.calendar.name'), render: (_, h) => h.name[locale] },
                    { title: t('admin.calendar.from'), dataIndex: 'from' },
                    { title: t('admin.calendar.to'), dataIndex: 'to' },
                  ]}
                />
              </Col>
              <Col span={10}>
                <Table
                  title={() => <Typography.Text strong>{t('admin.calendar.workdays')}</Typography.Text>}
                  size="small"
                  rowKey="date"
                  pagination={false}
                  dataSource={data.data.workdays}
                  columns={[
                    { title: t('admin.calendar.date'), dataIndex: 'date' },
                    { title: t('admin.calendar.name'), render: (_, w) => w.name[locale] },
                  ]}
                />
              </Col>
            </Row>
          </>
        )}
      </Card>
    </>
  );
}
