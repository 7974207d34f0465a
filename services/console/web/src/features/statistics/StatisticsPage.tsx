/**
 * 统计报表: reporting's statistics tables for a period, grouped by month,
 * unit, street or field, as a table (with its total row) and as bar charts by
 * month, unit, street and field of one chosen column. Each chart carries a
 * data-testid and a table of the very numbers it draws (for screen readers
 * and tests), taken unchanged from the API's answer. XLSX/CSV downloads.
 */
import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Col, Input, Radio, Row, Select, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { formatYuan } from '../../app/format';
import { Labelled, ProblemAlert, QueryView } from '../cases/ui';
import { EChart } from './EChart';

type By = 'month' | 'unit' | 'street' | 'field' | 'category';
const CHARTS: By[] = ['month', 'unit', 'street', 'field'];
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$/;

interface Column {
  key: string;
  label: string;
  type: 'text' | 'count' | 'yuan';
}
type StatRow = Record<string, string | number | null>;
interface StatTable {
  table: string;
  title: string;
  columns: Column[];
  rows: StatRow[];
  total?: StatRow;
  periodLabel: string;
}
interface TableInfo {
  code: string;
  title: { 'zh-CN': string; en: string };
}

const thisYear = () => new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());

function useStatTable(table: string | undefined, period: string, by: By, lang: string) {
  return useQuery({
    queryKey: ['reporting', 'statistics', table, period, by, lang],
    enabled: !!table && PERIOD.test(period),
    queryFn: async () =>
      (await unwrap(
        api.reporting.GET('/statistics/{table}', { params: { path: { table: table ?? '' }, query: { period, by, lang: lang as 'zh-CN' } } }),
      )) as unknown as StatTable,
  });
}

const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' } as const;

function ChartCard({ table, period, by, metric }: { table: string; period: string; by: By; metric: string }) {
  const { t, locale } = useI18n();
  const data = useStatTable(table, period, by, locale);
  const column = data.data?.columns.find((c) => c.key === metric);
  const rows = data.data?.rows ?? [];
  // Months read left to right; units, streets and fields have long names: horizontal bars.
  const horizontal = by !== 'month';
  const option = useMemo(() => {
    const names = {
      type: 'category',
      data: rows.map((r) => String(r.dimension)),
      inverse: horizontal,
      axisLabel: { width: 160, overflow: 'truncate' },
    };
    const values = { type: 'value', minInterval: column?.type === 'count' ? 1 : undefined };
    return {
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      grid: { left: horizontal ? 170 : 56, right: 24, top: 16, bottom: 32 },
      xAxis: horizontal ? values : names,
      yAxis: horizontal ? names : values,
      series: [{ type: 'bar', name: column?.label ?? metric, data: rows.map((r) => Number(r[metric] ?? 0)), itemStyle: { color: '#1677ff' } }],
    };
  }, [rows, column, metric, horizontal]);
  const title = t(`statistics.chart.${by}`);
  return (
    <Card size="small" title={`${title}：${column?.label ?? ''}`}>
      <QueryView query={data}>
        {() => (
          <>
            <EChart
              option={option}
              height={horizontal ? Math.max(240, rows.length * 28 + 48) : 280}
              testId={`chart-${by}`}
              label={`${title}：${column?.label ?? ''}`}
            />
            <table data-testid={`chart-${by}-data`} aria-label={`${title}：${column?.label ?? ''}`} style={VISUALLY_HIDDEN}>
              <thead>
                <tr>
                  <th scope="col">{t(`statistics.by.${by}`)}</th>
                  <th scope="col">{column?.label}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={String(r.dimensionCode ?? r.dimension)}>
                    <th scope="row">{String(r.dimension)}</th>
                    <td>{String(r[metric] ?? '')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </QueryView>
    </Card>
  );
}

export function StatisticsPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const tables = useQuery({
    queryKey: ['reporting', 'statistics', 'list'],
    queryFn: async () => (await unwrap(api.reporting.GET('/statistics'))) as unknown as { tables: Array<TableInfo & { columns: Column[] }> },
  });
  const table = params.get('table') ?? tables.data?.tables[0]?.code;
  const period = params.get('period') ?? thisYear();
  const by = (params.get('by') ?? 'unit') as By;
  const data = useStatTable(table, period, by, locale);
  const numeric = (data.data?.columns ?? []).filter((c) => c.type !== 'text');
  const metric = params.get('metric') ?? numeric[0]?.key ?? '';
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    if (key === 'table') next.delete('metric');
    setParams(next);
  };
  const exportUrl = (format: 'xlsx' | 'csv') => `/api/reporting/exports/${table}?${new URLSearchParams({ period, by, format, lang: locale })}`;
  const periodInvalid = !PERIOD.test(period);
  const cell = (column: Column) => (value: unknown) => (column.type === 'yuan' ? formatYuan(value as string, locale) : String(value ?? '—'));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('statistics.heading')}</Typography.Title>
      {tables.isError ? <ProblemAlert problem={tables.error} /> : null}
      <Space wrap>
        <Labelled text={t('statistics.table')}>
          <Select
            aria-label={t('statistics.table')}
            style={{ width: 420 }}
            value={table}
            onChange={(v) => set('table', v)}
            options={(tables.data?.tables ?? []).map((x) => ({ value: x.code, label: x.title[locale] }))}
          />
        </Labelled>
        <Labelled text={t('statistics.period')}>
          <Input
            aria-label={t('statistics.period')}
            defaultValue={period}
            status={periodInvalid ? 'error' : undefined}
            style={{ width: 140 }}
            onPressEnter={(e) => set('period', (e.target as HTMLInputElement).value.trim())}
            onBlur={(e) => set('period', e.target.value.trim())}
          />
        </Labelled>
        <Typography.Text type={periodInvalid ? 'danger' : 'secondary'}>{t('statistics.periodHint')}</Typography.Text>
      </Space>
      <Space wrap>
        <Radio.Group
          aria-label={t('statistics.groupBy')}
          value={by}
          onChange={(e) => set('by', e.target.value as string)}
          optionType="button"
          options={(['month', 'unit', 'street', 'field', 'category'] as By[]).map((b) => ({ value: b, label: t(`statistics.by.${b}`) }))}
        />
        <Button href={exportUrl('xlsx')} disabled={!table || periodInvalid}>
          {t('ledgers.downloadXlsx')}
        </Button>
        <Button href={exportUrl('csv')} disabled={!table || periodInvalid}>
          {t('ledgers.downloadCsv')}
        </Button>
      </Space>
      {table && !periodInvalid ? (
        <QueryView query={data}>
          {(stat) => (
            <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
              <Typography.Title level={4} style={{ margin: 0 }}>
                {stat.title}（{stat.periodLabel}）
              </Typography.Title>
              <Table<StatRow>
                data-testid="statistics-table"
                rowKey={(r) => String(r.dimensionCode ?? r.dimension)}
                size="small"
                bordered
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={stat.total ? [...stat.rows, { ...stat.total, dimensionCode: '__total' }] : stat.rows}
                columns={stat.columns.map((c) => ({
                  key: c.key,
                  dataIndex: c.key,
                  title: c.label,
                  align: c.type === 'text' ? 'left' : 'right',
                  fixed: c.key === 'dimension' ? 'left' : undefined,
                  render: cell(c),
                }))}
              />
              <Labelled text={t('statistics.metric')}>
                <Select
                  aria-label={t('statistics.metric')}
                  style={{ width: 280 }}
                  value={metric}
                  onChange={(v) => set('metric', v)}
                  options={numeric.map((c) => ({ value: c.key, label: c.label }))}
                />
              </Labelled>
              <Row gutter={[16, 16]}>
                {CHARTS.map((chartBy) => (
                  <Col key={chartBy} xs={24} xl={12}>
                    <ChartCard table={stat.table} period={period} by={chartBy} metric={metric} />
                  </Col>
                ))}
              </Row>
            </Space>
          )}
        </QueryView>
      ) : null}
    </Space>
  );
}
