/**
 * 审计 (auditor): reporting's audit API — a stream's timeline replayed step by
 * step (or everything in a time range), a case as it was at a moment, the
 * access log, and the hash-chain verification with the first bad position of
 * each bad stream highlighted. Times are entered and shown in China time.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Slider, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';
import { type Translate, useI18n } from '../../app/i18n';
import type { Page } from '../cases/hooks';
import { chinaTimeToIso, ProblemAlert, QueryView } from '../cases/ui';

interface AuditEvent {
  position: number;
  streamId: string;
  version: number;
  timeCst: string;
  actor: { agency: string; agencyName: string; user: string };
  type: string;
  typeLabel: string;
  description: string;
  hash: string;
}
interface CaseAsOf {
  atCst: string;
  status: string;
  statusLabel: string;
  state: { facts: { caseNo: string; title: string; amountYuan?: string } };
  labels: Record<string, string | string[] | null>;
  eventsApplied: number;
  eventsLater: number;
  lastEvent?: AuditEvent;
}
interface AccessEntry {
  eventId: string;
  atCst: string;
  agencyName: string;
  userId: string;
  roles: string;
  resourceType: string;
  resourceId: string;
  fields: string;
  purpose: string | null;
  granted: boolean;
}
interface Verification {
  streams: number;
  events: number;
  headPosition: number;
  ok: boolean;
  problems: Array<{ streamId: string; position: number | null; version: number; kind: string; message: string }>;
  anchor: { anchorId: string; at: string; position: number } | null;
  elapsedMs: number;
}

const clean = (values: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as Record<string, string>;

/** Filters typed into a form and applied on 查询; datetime fields are read as China time. */
function useAppliedFilters(times: string[] = []) {
  const [applied, setApplied] = useState<Record<string, string>>();
  const apply = (values: Record<string, string | undefined>) => {
    const query = clean(values);
    for (const key of times) if (query[key]) query[key] = chinaTimeToIso(query[key]);
    setApplied(query);
  };
  return { applied, apply };
}

/** The time range (China time) of a search form. */
const rangeItems = (t: Translate) => (
  <>
    <Form.Item name="from" label={t('audit.from')}>
      <Input type="datetime-local" />
    </Form.Item>
    <Form.Item name="to" label={t('audit.to')}>
      <Input type="datetime-local" />
    </Form.Item>
  </>
);

const agencyItem = (t: Translate) => (
  <Form.Item name="agency" label={t('audit.agency')}>
    <Input style={{ width: 140 }} />
  </Form.Item>
);

function TimelineReplay() {
  const { t, locale } = useI18n();
  const { applied, apply } = useAppliedFilters(['from', 'to']);
  const [page, setPage] = useState(1);
  const [step, setStep] = useState<number>();
  const timeline = useQuery({
    queryKey: ['reporting', 'audit', 'timeline', applied, page, locale],
    enabled: !!applied,
    queryFn: async () =>
      (await unwrap(
        api.reporting.GET('/audit/timeline', { params: { query: { ...applied, page, pageSize: 100, lang: locale } as never } }),
      )) as unknown as Page<AuditEvent>,
  });
  const items = timeline.data?.items ?? [];
  const shown = step ?? items.length;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form layout="inline" onFinish={(v: Record<string, string>) => (setPage(1), setStep(undefined), apply(v))}>
        <Form.Item name="stream" label={t('audit.stream')}>
          <Input placeholder="case-…" style={{ width: 320 }} />
        </Form.Item>
        {rangeItems(t)}
        {agencyItem(t)}
        <Button type="primary" htmlType="submit" autoInsertSpace={false}>
          {t('audit.query')}
        </Button>
      </Form>
      <Typography.Text type="secondary">{t('audit.timelineHint')}</Typography.Text>
      {applied ? (
        <QueryView query={timeline}>
          {(data) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {data.items.length ? (
                <label>
                  {t('audit.replay', { n: shown, total: data.items.length })}
                  <Slider min={0} max={data.items.length} value={shown} onChange={setStep} aria-label={t('audit.replayLabel')} />
                </label>
              ) : (
                <Alert type="info" title={t('audit.noEvents')} />
              )}
              <Timeline
                items={data.items.slice(0, shown).map((e) => ({
                  key: e.position,
                  content: (
                    <div>
                      <Typography.Text type="secondary">
                        {e.timeCst} · #{e.position} · {e.streamId} v{e.version} · {e.actor.agencyName}（{e.actor.user}）
                      </Typography.Text>
                      <div>
                        <Tag>{e.typeLabel}</Tag>
                        {e.description}
                      </div>
                    </div>
                  ),
                }))}
              />
              {data.total > data.pageSize ? (
                <Space>
                  <Button disabled={page <= 1} onClick={() => setPage(page - 1)}>
                    {t('audit.previous')}
                  </Button>
                  <Button disabled={page * data.pageSize >= data.total} onClick={() => setPage(page + 1)}>
                    {t('audit.next')}
                  </Button>
                </Space>
              ) : null}
            </Space>
          )}
        </QueryView>
      ) : null}
    </Space>
  );
}

function CaseAsOfView() {
  const { t, locale } = useI18n();
  const [asked, setAsked] = useState<{ caseId: string; at: string }>();
  const state = useQuery({
    queryKey: ['reporting', 'audit', 'case-state', asked, locale],
    enabled: !!asked,
    queryFn: async () =>
      (await unwrap(
        api.reporting.GET('/audit/cases/{caseId}/state', {
          params: { path: { caseId: asked?.caseId ?? '' }, query: { at: asked?.at ?? '', lang: locale } },
        }),
      )) as unknown as CaseAsOf,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form layout="inline" onFinish={(v: { caseId: string; at: string }) => setAsked({ caseId: v.caseId.trim(), at: chinaTimeToIso(v.at) })}>
        <Form.Item
          name="caseId"
          label={t('audit.caseId')}
          rules={[{ required: true, whitespace: true, message: t('cases.form.required', { label: t('audit.caseId') }) }]}
        >
          <Input style={{ width: 340 }} />
        </Form.Item>
        <Form.Item name="at" label={t('audit.at')} rules={[{ required: true, message: t('cases.form.required', { label: t('audit.at') }) }]}>
          <Input type="datetime-local" step={1} />
        </Form.Item>
        <Button type="primary" htmlType="submit" autoInsertSpace={false}>
          {t('audit.query')}
        </Button>
      </Form>
      {asked ? (
        <QueryView query={state}>
          {(c) => (
            <Descriptions bordered size="small" column={2} title={`${c.state.facts.caseNo} ${c.state.facts.title}`}>
              <Descriptions.Item label={t('audit.at')}>{c.atCst}</Descriptions.Item>
              <Descriptions.Item label={t('cases.list.status')}>
                <Tag color="blue">{c.statusLabel}</Tag>
              </Descriptions.Item>
              <Descriptions.Item label={t('cases.list.category')}>{String(c.labels.category ?? '—')}</Descriptions.Item>
              <Descriptions.Item label={t('cases.list.field')}>{String(c.labels.field ?? '—')}</Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.office')}>{String(c.labels.office ?? '—')}</Descriptions.Item>
              <Descriptions.Item label={t('cases.list.leadUnit')}>{String(c.labels.leadUnit ?? '—')}</Descriptions.Item>
              <Descriptions.Item label={t('cases.detail.nature')}>{String(c.labels.nature ?? '—')}</Descriptions.Item>
              <Descriptions.Item label={t('cases.form.grade')}>{String(c.labels.riskGrade ?? '—')}</Descriptions.Item>
              <Descriptions.Item label={t('audit.eventsApplied')}>{c.eventsApplied}</Descriptions.Item>
              <Descriptions.Item label={t('audit.eventsLater')}>{c.eventsLater}</Descriptions.Item>
              {c.lastEvent ? (
                <Descriptions.Item label={t('audit.lastEvent')} span={2}>
                  {c.lastEvent.timeCst} {c.lastEvent.description}
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          )}
        </QueryView>
      ) : null}
    </Space>
  );
}

function AccessLog() {
  const { t, locale } = useI18n();
  const { applied, apply } = useAppliedFilters(['from', 'to']);
  const [page, setPage] = useState(1);
  const log = useQuery({
    queryKey: ['reporting', 'audit', 'access', applied, page, locale],
    placeholderData: (previous) => previous,
    queryFn: async () =>
      (await unwrap(
        api.reporting.GET('/audit/access-log', { params: { query: { ...applied, page, pageSize: 50, lang: locale } as never } }),
      )) as unknown as Page<AccessEntry>,
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Form layout="inline" onFinish={(v: Record<string, string>) => (setPage(1), apply(v))}>
        <Form.Item name="resourceType" label={t('audit.resourceType')}>
          <Input placeholder="case" style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="resourceId" label={t('audit.resourceId')}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        {agencyItem(t)}
        <Form.Item name="user" label={t('audit.user')}>
          <Input style={{ width: 140 }} />
        </Form.Item>
        {rangeItems(t)}
        <Button type="primary" htmlType="submit" autoInsertSpace={false}>
          {t('audit.query')}
        </Button>
      </Form>
      {log.isError ? <ProblemAlert problem={log.error} /> : null}
      <Table<AccessEntry>
        rowKey="eventId"
        size="small"
        loading={log.isFetching}
        dataSource={log.data?.items ?? []}
        pagination={{ current: page, pageSize: 50, total: log.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('audit.time'), dataIndex: 'atCst' },
          { title: t('audit.agency'), dataIndex: 'agencyName' },
          { title: t('audit.user'), dataIndex: 'userId' },
          { title: t('audit.resourceType'), dataIndex: 'resourceType' },
          { title: t('audit.resourceId'), dataIndex: 'resourceId', ellipsis: true },
          { title: t('audit.fields'), dataIndex: 'fields' },
          { title: t('audit.purpose'), dataIndex: 'purpose', render: (v: string | null) => v ?? '—' },
          {
            title: t('audit.granted'),
            dataIndex: 'granted',
            render: (v: boolean) => <Tag color={v ? 'green' : 'red'}>{t(v ? 'audit.grantedYes' : 'audit.grantedNo')}</Tag>,
          },
        ]}
      />
    </Space>
  );
}

function VerificationView() {
  const { t, locale } = useI18n();
  const verify = useMutation({
    mutationFn: async () => (await unwrap(api.reporting.POST('/audit/verifications'))) as unknown as Verification,
  });
  const result = verify.data;
  const first = result?.problems.reduce<number | undefined>(
    (min, p) => (p.position !== null && (min === undefined || p.position < min) ? p.position : min),
    undefined,
  );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space>
        <Button type="primary" loading={verify.isPending} onClick={() => verify.mutate()}>
          {t('audit.verify')}
        </Button>
        <Typography.Text type="secondary">{t('audit.verifyHint')}</Typography.Text>
      </Space>
      {verify.isError ? <ProblemAlert problem={verify.error} /> : null}
      {result ? (
        <Card size="small">
          <Result
            status={result.ok ? 'success' : 'error'}
            title={t(result.ok ? 'audit.verifyOk' : 'audit.verifyBad', { n: result.problems.length })}
            subTitle={t('audit.verifySummary', { streams: result.streams, events: result.events, head: result.headPosition, ms: result.elapsedMs })}
          />
          {result.problems.length ? (
            <Table
              data-testid="verification-problems"
              rowKey={(p) => `${p.streamId}-${p.version}`}
              size="small"
              pagination={false}
              dataSource={result.problems}
              rowClassName={(p) => (p.position === first ? 'ant-table-row-selected' : '')}
              columns={[
                { title: t('audit.stream'), dataIndex: 'streamId' },
                {
                  title: t('audit.firstBad'),
                  dataIndex: 'position',
                  render: (v: number | null, p) => (
                    <Space>
                      <Tag color="red">{v === null ? `v${p.version}` : `#${v}（v${p.version}）`}</Tag>
                      {v !== null && v === first ? <Tag color="volcano">{t('audit.firstOfAll')}</Tag> : null}
                    </Space>
                  ),
                },
                { title: t('audit.kind'), dataIndex: 'kind', render: (k: string) => t(`audit.kind.${k}`) },
                // The service's message is English; the kind's label says it in Chinese.
                ...(locale === 'en' ? [{ title: t('audit.message'), dataIndex: 'message' }] : []),
              ]}
            />
          ) : null}
        </Card>
      ) : null}
    </Space>
  );
}

export function AuditPage() {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('audit.heading')}</Typography.Title>
      <Tabs
        items={[
          { key: 'timeline', label: t('audit.timeline'), children: <TimelineReplay /> },
          { key: 'state', label: t('audit.caseAsOf'), children: <CaseAsOfView /> },
          { key: 'access', label: t('audit.accessLog'), children: <AccessLog /> },
          { key: 'verify', label: t('audit.verification'), children: <VerificationView /> },
        ]}
      />
    </Space>
  );
}
