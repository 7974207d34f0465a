/**
 * 台账: reporting's lead ledger (线索台账) and dynamic risk ledger (动态管理台账)
 * with their filters and pages (read from and kept in the URL, so a link, such as
 * an analysis figure's drill-down, opens the ledger filtered), and XLSX/CSV downloads of the same filters
 * (GET /api/reporting/exports/<name>: a plain link, the session cookie goes with it).
 */
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Button, Input, Space, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { formatDateTime, formatYuan } from '../../app/format';
import type { Page } from '../cases/hooks';
import { hasRole, useSession } from '../../app/session';
import { EnumSelect, Labelled, ProblemAlert } from '../cases/ui';

type Row = Record<string, string | number | boolean | null | string[]>;
type Ledger = 'leads' | 'risks';

interface Filter {
  name: string;
  kind: 'enum' | 'text' | 'date' | 'flag';
  table?: string;
}

const COMMON: Filter[] = [
  { name: 'category', kind: 'enum', table: 'category' },
  { name: 'field', kind: 'enum', table: 'field' },
  { name: 'street', kind: 'text' },
  { name: 'unit', kind: 'text' },
];
const FILTERS: Record<Ledger, Filter[]> = {
  leads: [
    { name: 'q', kind: 'text' },
    { name: 'status', kind: 'enum', table: 'leadStatus' },
    ...COMMON,
    { name: 'receivedFrom', kind: 'date' },
    { name: 'receivedTo', kind: 'date' },
    { name: 'overdue', kind: 'flag' },
    { name: 'major', kind: 'flag' },
  ],
  risks: [
    { name: 'status', kind: 'enum', table: 'status' },
    ...COMMON,
    { name: 'leadUnit', kind: 'text' },
    { name: 'riskGrade', kind: 'enum', table: 'grade' },
    { name: 'keyFlag', kind: 'enum', table: 'flag' },
    { name: 'openedFrom', kind: 'date' },
    { name: 'openedTo', kind: 'date' },
    { name: 'open', kind: 'flag' },
    { name: 'keyCase', kind: 'flag' },
    { name: 'crossProvince', kind: 'flag' },
    { name: 'writtenOff', kind: 'flag' },
  ],
};

function useLedger(ledger: Ledger, query: Record<string, string>) {
  return useQuery({
    queryKey: ['reporting', 'ledger', ledger, query],
    queryFn: async () => {
      const result =
        ledger === 'leads'
          ? api.reporting.GET('/ledgers/leads', { params: { query: query as never } })
          : api.reporting.GET('/ledgers/risks', { params: { query: query as never } });
      return (await unwrap(result as Promise<{ data?: unknown; response: Response }>)) as Page<Row> & { totalIsExact?: boolean };
    },
    placeholderData: (previous) => previous,
  });
}

/** Text kept on one line in a table cell. */
const oneLine = (text: ReactNode) => <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;

export function LedgersPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const ledger: Ledger = params.get('ledger') === 'risks' ? 'risks' : 'leads';
  const filters = FILTERS[ledger];
  const values = Object.fromEntries(filters.map((f) => [f.name, params.get(f.name) ?? '']).filter(([, v]) => v !== '')) as Record<string, string>;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? 20) || 20;
  const query = { ...values, page: String(page), pageSize: String(pageSize), lang: locale };
  const data = useLedger(ledger, query);
  const set = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const exportUrl = (format: 'xlsx' | 'csv') => `/api/reporting/exports/${ledger}?${new URLSearchParams({ ...values, format, lang: locale })}`;
  const caseworker = hasRole(session, 'office_officer', 'convener', 'unit_officer', 'street_officer');
  const yuan = (v: unknown) => oneLine(formatYuan(v as string, locale));
  const when = (v: unknown) => oneLine(formatDateTime(v as string, locale));
  // Numbers, codes and times on one line (a case number is ~25 characters); the title takes what is left and shows
  // in full on hover. The table scrolls sideways past its columns' widths.
  const columns: ColumnsType<Row> =
    ledger === 'leads'
      ? [
          {
            title: t('ledgers.col.receiptNo'),
            dataIndex: 'receiptNo',
            width: 220,
            render: (no: unknown) => oneLine(String(no)),
          },
          { title: t('ledgers.col.title'), dataIndex: 'title', width: 260, ellipsis: { showTitle: true } },
          { title: t('ledgers.col.category'), dataIndex: 'categoryLabel', width: 130 },
          { title: t('ledgers.col.field'), dataIndex: 'fieldLabel', width: 130 },
          { title: t('ledgers.col.street'), dataIndex: 'streetLabel', width: 140 },
          { title: t('ledgers.col.receivedAt'), dataIndex: 'receivedAt', width: 170, render: when },
          { title: t('ledgers.col.status'), dataIndex: 'statusLabel', width: 110 },
          { title: t('ledgers.col.unit'), dataIndex: 'unitLabel', width: 180 },
          {
            title: t('ledgers.filter.overdue'),
            dataIndex: 'overdue',
            width: 90,
            render: (v: unknown) => (v ? <Tag color="red">{t('ledgers.overdue')}</Tag> : null),
          },
        ]
      : [
          {
            title: t('ledgers.col.caseNo'),
            dataIndex: 'caseNo',
            width: 240,
            render: (no: unknown, row) => oneLine(caseworker ? <Link to={`/cases/${String(row.caseId)}`}>{String(no)}</Link> : String(no)),
          },
          { title: t('ledgers.col.title'), dataIndex: 'title', width: 260, ellipsis: { showTitle: true } },
          { title: t('ledgers.col.status'), dataIndex: 'statusLabel', width: 110 },
          { title: t('ledgers.col.category'), dataIndex: 'categoryLabel', width: 120 },
          { title: t('ledgers.col.leadUnit'), dataIndex: 'leadUnitLabel', width: 180 },
          { title: t('ledgers.filter.riskGrade'), dataIndex: 'riskGradeLabel', width: 100 },
          { title: t('ledgers.col.amountInvolved'), dataIndex: 'amountInvolvedYuan', width: 150, align: 'right', render: yuan },
          { title: t('ledgers.col.amountRecovered'), dataIndex: 'amountRecoveredYuan', width: 150, align: 'right', render: yuan },
          { title: t('ledgers.col.openedAt'), dataIndex: 'openedAt', width: 170, render: when },
          {
            title: t('ledgers.filter.writtenOff'),
            dataIndex: 'writtenOff',
            width: 90,
            render: (v: unknown) => (v ? t('cases.enum.yesNo.true') : t('cases.enum.yesNo.false')),
          },
        ];
  const tableWidth = columns.reduce((sum, column) => sum + Number(column.width ?? 0), 0);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('ledgers.heading')}</Typography.Title>
      <Tabs
        activeKey={ledger}
        onChange={(key) => setParams(new URLSearchParams({ ledger: key }))}
        items={[
          { key: 'leads', label: t('ledgers.leads') },
          { key: 'risks', label: t('ledgers.risks') },
        ]}
      />
      <Space wrap role="search" aria-label={t('ledgers.filters')}>
        {filters.map((f) => {
          const name = t(`ledgers.filter.${f.name}`);
          if (f.kind === 'enum')
            return (
              <EnumSelect key={f.name} table={f.table ?? f.name} placeholder={name} value={values[f.name]} onChange={(v) => set({ [f.name]: v })} />
            );
          if (f.kind === 'flag')
            return (
              <label key={f.name}>
                <Space size={4}>
                  <Switch size="small" checked={values[f.name] === 'true'} onChange={(on) => set({ [f.name]: on ? 'true' : undefined })} />
                  {name}
                </Space>
              </label>
            );
          const input = (
            <Input
              key={`${ledger}-${f.name}`}
              type={f.kind === 'date' ? 'date' : 'text'}
              aria-label={name}
              placeholder={name}
              defaultValue={values[f.name]}
              allowClear={f.kind === 'text'}
              style={{ width: f.kind === 'date' ? 160 : 180 }}
              onBlur={(e) => set({ [f.name]: e.target.value.trim() || undefined })}
              onPressEnter={(e) => set({ [f.name]: (e.target as HTMLInputElement).value.trim() || undefined })}
            />
          );
          // A date input shows no placeholder: its name is written beside it.
          return f.kind === 'date' ? (
            <Labelled key={`${ledger}-${f.name}`} text={name}>
              {input}
            </Labelled>
          ) : (
            input
          );
        })}
      </Space>
      <Space>
        <Button href={exportUrl('xlsx')}>{t('ledgers.downloadXlsx')}</Button>
        <Button href={exportUrl('csv')}>{t('ledgers.downloadCsv')}</Button>
      </Space>
      {data.isError ? <ProblemAlert problem={data.error} /> : null}
      <Table<Row>
        rowKey={(row) => String(row.leadId ?? row.caseId)}
        size="middle"
        loading={data.isFetching}
        columns={columns}
        dataSource={data.data?.items ?? []}
        scroll={{ x: tableWidth }}
        locale={{ emptyText: t('ledgers.empty') }}
        pagination={{
          current: page,
          pageSize,
          total: data.data?.total ?? 0,
          showTotal: (total) => t(data.data?.totalIsExact === false ? 'ledgers.totalAtLeast' : 'ledgers.total', { n: total }),
          onChange: (p, size) => set({ page: String(p), pageSize: String(size) }),
        }}
      />
    </Space>
  );
}
