/**
 * 期限: the office's dashboard of clocks and periodic obligations
 * (notifications' /deadlines/clocks, /obligations, /worklist/counts): each
 * unit's open, due-soon and overdue items, the units that are late (missed
 * clocks, late or missing submissions, grouped by unit), and both lists with
 * their filters.
 */
import { Card, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { formatDateTime, formatDeadline } from '../../app/format';
import { useUrlFilters } from '../../app/url-filters';
import type { Clock, Page } from '../cases/hooks';
import { clockColumns } from '../cases/clocks';
import { ProblemAlert, QueryView } from '../cases/ui';

interface Obligation {
  obligationId: string;
  kind: string;
  kindLabel: string;
  unit: string;
  unitName: string;
  period: string;
  dueAt: string;
  status: string;
  statusLabel: string;
  submittedAt: string | null;
}
interface UnitCounts {
  unit: string;
  unitName: string;
  open: number;
  dueSoon: number;
  overdue: number;
}
interface Policy {
  id: string;
  name: { 'zh-CN': string; en: string };
}

const CLOCK_STATUSES = ['running', 'paused', 'stopped'] as const;
const OBLIGATION_STATUSES = ['due', 'submitted', 'late', 'missing'] as const;
const OBLIGATION_KINDS = ['monthly_risk_ledger', 'monthly_summary', 'quarterly_report', 'half_year_summary', 'annual_summary'] as const;
const UNIT = /^[a-z][a-z0-9-]{1,63}$/;

function LateUnits() {
  const { t } = useI18n();
  const missed = useQuery({
    queryKey: ['notifications', 'clocks', 'missed'],
    queryFn: async () =>
      (await unwrap(api.notifications.GET('/deadlines/clocks', { params: { query: { missed: 'true', pageSize: 200 } } }))) as unknown as Page<Clock>,
  });
  const late = useQuery({
    queryKey: ['notifications', 'obligations', 'late-missing'],
    queryFn: async () => {
      const [a, b] = await Promise.all(
        (['late', 'missing'] as const).map((status) =>
          unwrap(api.notifications.GET('/obligations', { params: { query: { status, pageSize: 200 } } })),
        ),
      );
      return [...(a as unknown as Page<Obligation>).items, ...(b as unknown as Page<Obligation>).items];
    },
  });
  const byUnit = new Map<string, { unit: string; unitName: string; clocks: number; obligations: number }>();
  const entry = (unit: string, unitName: string) => byUnit.get(unit) ?? byUnit.set(unit, { unit, unitName, clocks: 0, obligations: 0 }).get(unit)!;
  for (const clock of missed.data?.items ?? []) entry(clock.unit, clock.unitName).clocks += 1;
  for (const obligation of late.data ?? []) entry(obligation.unit, obligation.unitName).obligations += 1;
  const rows = [...byUnit.values()].sort((a, b) => b.clocks + b.obligations - (a.clocks + a.obligations));
  return (
    <Card size="small" title={t('deadlines.lateUnits')}>
      {missed.isError ? <ProblemAlert problem={missed.error} /> : null}
      {late.isError ? <ProblemAlert problem={late.error} /> : null}
      <Table
        data-testid="late-units"
        rowKey="unit"
        size="small"
        pagination={false}
        loading={missed.isPending || late.isPending}
        dataSource={rows}
        locale={{ emptyText: t('deadlines.noLateUnits') }}
        columns={[
          { title: t('cases.clock.unit'), dataIndex: 'unitName' },
          {
            title: t('deadlines.missedClocks'),
            dataIndex: 'clocks',
            render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
          },
          {
            title: t('deadlines.lateObligations'),
            dataIndex: 'obligations',
            render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : 0),
          },
        ]}
      />
    </Card>
  );
}

function UnitCountsCard() {
  const { t } = useI18n();
  const counts = useQuery({
    queryKey: ['notifications', 'worklist', 'counts'],
    queryFn: async () => (await unwrap(api.notifications.GET('/worklist/counts'))) as unknown as { dueSoonDays: number; units: UnitCounts[] },
  });
  return (
    <Card size="small" title={t('deadlines.unitCounts')}>
      <QueryView query={counts}>
        {(data) => (
          <Table<UnitCounts>
            rowKey="unit"
            size="small"
            pagination={false}
            scroll={{ y: 260 }}
            dataSource={[...data.units].sort((a, b) => b.overdue - a.overdue || b.dueSoon - a.dueSoon)}
            columns={[
              { title: t('cases.clock.unit'), dataIndex: 'unitName' },
              { title: t('deadlines.open'), dataIndex: 'open' },
              {
                title: t('deadlines.dueSoon', { n: data.dueSoonDays }),
                dataIndex: 'dueSoon',
                render: (n: number) => (n ? <Tag color="gold">{n}</Tag> : 0),
              },
              { title: t('deadlines.overdue'), dataIndex: 'overdue', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}

/** A select whose options carry labels from the texts (`deadlines.<group>.<code>`). */
function CodeSelect({ group, codes, value, onChange }: { group: string; codes: readonly string[]; value?: string; onChange: (v?: string) => void }) {
  const { t } = useI18n();
  return (
    <Select
      allowClear
      aria-label={t(`deadlines.filter.${group}`)}
      placeholder={t(`deadlines.filter.${group}`)}
      style={{ width: 180 }}
      value={value}
      onChange={(v?: string) => onChange(v ?? undefined)}
      options={codes.map((code) => ({ value: code, label: t(`deadlines.${group}.${code}`) }))}
    />
  );
}

export function DeadlinesPage() {
  const { t, locale } = useI18n();
  const { params, get, page, set, replace } = useUrlFilters();
  const tab = get('tab') === 'obligations' ? 'obligations' : 'clocks';
  const unit = get('unit');
  const policies = useQuery({
    queryKey: ['notifications', 'policies'],
    queryFn: async () => (await unwrap(api.notifications.GET('/deadlines/policies'))) as unknown as { clocks: Policy[] },
  });
  const clocks = useQuery({
    queryKey: ['notifications', 'clocks', params.toString()],
    enabled: tab === 'clocks',
    placeholderData: (previous) => previous,
    queryFn: async () =>
      (await unwrap(
        api.notifications.GET('/deadlines/clocks', {
          params: {
            query: {
              page,
              pageSize: 20,
              status: get('clockStatus') as (typeof CLOCK_STATUSES)[number] | undefined,
              missed: get('missed') as 'true' | 'false' | undefined,
              policyId: get('policyId'),
              unit,
            },
          },
        }),
      )) as unknown as Page<Clock>,
  });
  const obligations = useQuery({
    queryKey: ['notifications', 'obligations', params.toString()],
    enabled: tab === 'obligations',
    placeholderData: (previous) => previous,
    queryFn: async () =>
      (await unwrap(
        api.notifications.GET('/obligations', {
          params: {
            query: {
              page,
              pageSize: 20,
              status: get('obligationStatus') as (typeof OBLIGATION_STATUSES)[number] | undefined,
              kind: get('kind') as (typeof OBLIGATION_KINDS)[number] | undefined,
              period: get('period'),
              unit,
            },
          },
        }),
      )) as unknown as Page<Obligation>,
  });
  const when = (v: string | null) => formatDateTime(v, locale);
  const unitFilter = (
    <Input.Search
      aria-label={t('deadlines.filter.unit')}
      placeholder={t('deadlines.filter.unit')}
      defaultValue={unit}
      allowClear
      style={{ width: 200 }}
      onSearch={(v) => (v === '' || UNIT.test(v)) && set({ unit: v || undefined })}
    />
  );
  const paging = (total: number) => ({ current: page, pageSize: 20, total, onChange: (p: number) => set({ page: String(p) }) });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('deadlines.heading')}</Typography.Title>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
        <UnitCountsCard />
        <LateUnits />
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => replace({ tab: key })}
        items={[
          {
            key: 'clocks',
            label: t('deadlines.clocks'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <CodeSelect group="clockStatus" codes={CLOCK_STATUSES} value={get('clockStatus')} onChange={(v) => set({ clockStatus: v })} />
                  <CodeSelect group="missed" codes={['true', 'false']} value={get('missed')} onChange={(v) => set({ missed: v })} />
                  <Select
                    allowClear
                    aria-label={t('deadlines.filter.policyId')}
                    placeholder={t('deadlines.filter.policyId')}
                    style={{ width: 280 }}
                    value={get('policyId')}
                    onChange={(v?: string) => set({ policyId: v })}
                    options={(policies.data?.clocks ?? []).map((p) => ({ value: p.id, label: p.name[locale] }))}
                  />
                  {unitFilter}
                </Space>
                {clocks.isError ? <ProblemAlert problem={clocks.error} /> : null}
                <Table<Clock>
                  rowKey="clockId"
                  size="small"
                  loading={clocks.isFetching}
                  dataSource={clocks.data?.items ?? []}
                  pagination={paging(clocks.data?.total ?? 0)}
                  columns={[
                    ...clockColumns(t, locale),
                    {
                      title: t('deadlines.missedAt'),
                      dataIndex: 'missedAt',
                      render: (v: string | null) => (v ? <Tag color="red">{when(v)}</Tag> : '—'),
                    },
                  ]}
                />
              </Space>
            ),
          },
          {
            key: 'obligations',
            label: t('deadlines.obligations'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <CodeSelect
                    group="obligationStatus"
                    codes={OBLIGATION_STATUSES}
                    value={get('obligationStatus')}
                    onChange={(v) => set({ obligationStatus: v })}
                  />
                  <CodeSelect group="kind" codes={OBLIGATION_KINDS} value={get('kind')} onChange={(v) => set({ kind: v })} />
                  <Input.Search
                    aria-label={t('deadlines.filter.period')}
                    placeholder={t('deadlines.filter.period')}
                    defaultValue={get('period')}
                    allowClear
                    style={{ width: 180 }}
                    onSearch={(v) => set({ period: v.trim() || undefined })}
                  />
                  {unitFilter}
                </Space>
                {obligations.isError ? <ProblemAlert problem={obligations.error} /> : null}
                <Table<Obligation>
                  rowKey="obligationId"
                  size="small"
                  loading={obligations.isFetching}
                  dataSource={obligations.data?.items ?? []}
                  pagination={paging(obligations.data?.total ?? 0)}
                  columns={[
                    { title: t('deadlines.filter.kind'), dataIndex: 'kindLabel' },
                    { title: t('deadlines.filter.period'), dataIndex: 'period' },
                    { title: t('cases.clock.unit'), dataIndex: 'unitName' },
                    { title: t('cases.clock.dueAt'), dataIndex: 'dueAt', render: (v: string | null) => formatDeadline(v, locale) },
                    {
                      title: t('cases.clock.status'),
                      dataIndex: 'statusLabel',
                      render: (label: string, row) => (
                        <Tag color={row.status === 'late' || row.status === 'missing' ? 'red' : undefined}>{label}</Tag>
                      ),
                    },
                    { title: t('deadlines.submittedAt'), dataIndex: 'submittedAt', render: when },
                  ]}
                />
              </Space>
            ),
          },
        ]}
      />
    </Space>
  );
}
