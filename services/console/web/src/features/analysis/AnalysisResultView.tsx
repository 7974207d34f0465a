/**
 * An analysis answer as a table and a chart. Two dimensions: a pivot (the
 * first as rows, the second as columns); otherwise a flat table. Compare adds
 * 上期 and 变化 beside each figure. The chart is a line over the periods when
 * 'period' is a dimension, bars otherwise; every figure, in the table and in
 * the chart, opens the risk ledger filtered by its row's drill. A visually
 * hidden table carries the chart's numbers (screen readers, tests).
 */
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Col, Row, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType, ColumnType } from 'antd/es/table';
import { useI18n, type Locale, type Translate } from '../../app/i18n';
import { formatYuan } from '../../app/format';
import { Labelled } from '../cases/ui';
import { EChart } from '../statistics/EChart';
import { AnalysisColumn, AnalysisResult, AnalysisRow, ColumnUnit, codeOf, Dimension, labelOf, Measure, pivot, PivotLine, valuesOf } from './model';

const UNITS: Record<Measure, ColumnUnit> = {
  cases: 'cases',
  openCases: 'cases',
  writtenOffCases: 'cases',
  amountInvolved: 'yuan',
  amountRefunded: 'yuan',
  amountRecovered: 'yuan',
  participants: 'persons',
  averageAgeDays: 'days',
  maxAgeDays: 'days',
};

const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' } as const;

export const drillPath = (row: AnalysisRow): string => `/ledgers?ledger=risks${row.drill ? `&${row.drill.replace(/^\?/, '')}` : ''}`;

export function formatFigure(value: number | null | undefined, unit: ColumnUnit, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  if (unit === 'yuan') return formatYuan(value.toFixed(2), locale);
  if (unit === 'ratio') return `${value > 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
  if (unit === 'days') return value.toFixed(1);
  return value.toLocaleString(locale);
}

/** Labels of a measure's figure, previous figure and change: the answer's columns, else the console's own texts. */
function columnLabels(columns: AnalysisColumn[], t: Translate) {
  const find = (kind: AnalysisColumn['kind'], measure: string) =>
    columns.find((c) => c.kind === kind && c.key === (kind === 'measure' ? measure : `${kind}.${measure}`))?.label;
  return (measure: Measure) => {
    const label = find('measure', measure) ?? t(`analysis.measure.${measure}`);
    return {
      label,
      previous: find('previous', measure) ?? t('analysis.previousOf', { m: label }),
      change: find('change', measure) ?? t('analysis.changeOf', { m: label }),
    };
  };
}

function useFigureColumns(result: AnalysisResult) {
  const { t, locale } = useI18n();
  const labels = columnLabels(result.columns, t);
  const compare = !!result.query.compare;
  /** The figure columns of one row source (the row itself, or a pivot line's cell). */
  return (
    rowOf: (record: PivotLine | AnalysisRow) => AnalysisRow | undefined,
    keyPrefix: string,
    context: (record: PivotLine | AnalysisRow) => string,
  ) =>
    result.query.measures.flatMap((measure): ColumnType<PivotLine | AnalysisRow>[] => {
      const { label, previous, change } = labels(measure);
      const figure: ColumnType<PivotLine | AnalysisRow> = {
        key: `${keyPrefix}${measure}`,
        title: label,
        align: 'right',
        render: (_: unknown, record) => {
          const row = rowOf(record);
          if (!row) return '—';
          const figure = formatFigure(row.values[measure], UNITS[measure], locale);
          // The link's name says which figure it is: "2026-03 · 非法集资 · 案件数：3".
          return (
            <Link to={drillPath(row)} aria-label={`${[context(record), label].filter(Boolean).join(' · ')}：${figure}`}>
              {figure}
            </Link>
          );
        },
      };
      if (!compare) return [figure];
      return [
        figure,
        {
          key: `${keyPrefix}${measure}.previous`,
          title: previous,
          align: 'right',
          render: (_: unknown, record) => formatFigure(rowOf(record)?.previous?.[measure], UNITS[measure], locale),
        },
        {
          key: `${keyPrefix}${measure}.change`,
          title: change,
          align: 'right',
          render: (_: unknown, record) => formatFigure(rowOf(record)?.change?.[measure], 'ratio', locale),
        },
      ];
    });
}

function dimensionTitle(result: AnalysisResult, dimension: Dimension, t: Translate): string {
  return result.columns.find((c) => c.kind === 'dimension' && c.key === dimension)?.label ?? t(`analysis.dimension.${dimension}`);
}

function ResultTable({ result }: { result: AnalysisResult }) {
  const { t } = useI18n();
  const figures = useFigureColumns(result);
  const dimensions = result.query.dimensions;
  if (dimensions.length === 2) {
    const { lines, columns } = pivot(result.rows, [dimensions[0], dimensions[1]]);
    const single = result.query.measures.length === 1 && !result.query.compare;
    const tableColumns: ColumnsType<PivotLine> = [
      {
        key: 'line',
        title: `${dimensionTitle(result, dimensions[0], t)} \\ ${dimensionTitle(result, dimensions[1], t)}`,
        dataIndex: 'label',
        fixed: 'left',
      },
      ...columns.map((column) => {
        const cells = figures(
          (line) => (line as PivotLine).cells.get(column.code),
          `${column.code}.`,
          (line) => `${(line as PivotLine).label} · ${column.label}`,
        );
        return single ? { ...cells[0], title: column.label } : { key: column.code, title: column.label, children: cells };
      }),
    ] as ColumnsType<PivotLine>;
    return (
      <Table<PivotLine>
        data-testid="analysis-table"
        rowKey="code"
        size="small"
        bordered
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={lines}
        columns={tableColumns}
      />
    );
  }
  const tableColumns: ColumnsType<AnalysisRow> = [
    ...dimensions.map((dimension) => ({
      key: dimension,
      title: dimensionTitle(result, dimension, t),
      render: (_: unknown, row: AnalysisRow) => labelOf(row, dimension),
    })),
    ...(figures(
      (row) => row as AnalysisRow,
      '',
      (row) => dimensions.map((d) => labelOf(row as AnalysisRow, d)).join(' · '),
    ) as ColumnsType<AnalysisRow>),
  ];
  return (
    <Table<AnalysisRow>
      data-testid="analysis-table"
      rowKey={(row) => dimensions.map((d) => codeOf(row, d)).join('|') || 'all'}
      size="small"
      bordered
      pagination={false}
      scroll={{ x: 'max-content' }}
      dataSource={result.rows}
      columns={tableColumns}
    />
  );
}

interface Series {
  name: string;
  rows: Array<AnalysisRow | undefined>;
  previous?: boolean;
}

/** The chart's categories (the periods, else the first dimension) and one series per value of the other dimensions. */
function chartData(result: AnalysisResult, t: Translate): { categories: string[]; series: Series[]; line: boolean } {
  const dimensions = result.query.dimensions;
  const line = dimensions.includes('period');
  const axis = line ? 'period' : dimensions[0];
  if (!axis) return { categories: [t('analysis.all')], series: [{ name: '', rows: result.rows.slice(0, 1) }], line: false };
  const others = dimensions.filter((d) => d !== axis);
  const categories = valuesOf(result.rows, axis);
  const seriesKey = (row: AnalysisRow) => others.map((d) => codeOf(row, d)).join('|');
  const names = new Map<string, string>();
  for (const row of result.rows) if (!names.has(seriesKey(row))) names.set(seriesKey(row), others.map((d) => labelOf(row, d)).join(' · '));
  const series = [...names].map(([key, name]) => ({
    name,
    rows: categories.map((c) => result.rows.find((row) => codeOf(row, axis) === c.code && seriesKey(row) === key)),
  }));
  return { categories: categories.map((c) => c.label), series, line };
}

function ResultChart({ result }: { result: AnalysisResult }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const labels = columnLabels(result.columns, t);
  const [chosen, setChosen] = useState<Measure>();
  const measure = chosen && result.query.measures.includes(chosen) ? chosen : result.query.measures[0];
  const { categories, series: current, line } = useMemo(() => chartData(result, t), [result, t]);
  const measureLabel = labels(measure).label;
  // One series alone and a comparison: the previous period's figures beside it.
  const previousLabel = labels(measure).previous;
  const series: Series[] = useMemo(
    () => (current.length === 1 && result.query.compare ? [...current, { name: previousLabel, rows: current[0].rows, previous: true }] : current),
    [current, result.query.compare, previousLabel],
  );
  const nameOf = (s: Series) => s.name || measureLabel;
  const valueOf = (s: Series, row: AnalysisRow | undefined) => (s.previous ? row?.previous?.[measure] : row?.values[measure]) ?? null;
  const horizontal = !line && categories.length > 6;
  const option = useMemo(() => {
    const names = { type: 'category', data: categories, inverse: horizontal, axisLabel: { width: 160, overflow: 'truncate' } };
    const values = { type: 'value', minInterval: UNITS[measure] === 'cases' || UNITS[measure] === 'persons' ? 1 : undefined };
    return {
      // Drawn at once: a screenshot or a test never meets a half-drawn line.
      animation: false,
      aria: { enabled: true },
      tooltip: { trigger: 'axis' },
      legend: series.length > 1 ? { top: 0, type: 'scroll' } : undefined,
      grid: { left: horizontal ? 170 : 64, right: 24, top: series.length > 1 ? 36 : 16, bottom: 32 },
      xAxis: horizontal ? values : names,
      yAxis: horizontal ? names : values,
      series: series.map((s) => ({
        type: line ? 'line' : 'bar',
        name: nameOf(s),
        data: s.rows.map((row) => valueOf(s, row)),
        lineStyle: s.previous ? { type: 'dashed' } : undefined,
        cursor: 'pointer',
      })),
    };
    // nameOf and valueOf read only measure and measureLabel
  }, [categories, series, line, horizontal, measure, measureLabel]);
  const onClick = useCallback(
    ({ seriesIndex, dataIndex }: { seriesIndex: number; dataIndex: number }) => {
      const row = series[seriesIndex]?.rows[dataIndex];
      if (row && !series[seriesIndex].previous) void navigate(drillPath(row));
    },
    [series, navigate],
  );
  const title = `${t(line ? 'analysis.chart.line' : 'analysis.chart.bar')}：${measureLabel}`;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Labelled text={t('analysis.chartMeasure')}>
        <Select
          aria-label={t('analysis.chartMeasure')}
          style={{ width: 220 }}
          value={measure}
          onChange={setChosen}
          options={result.query.measures.map((m) => ({ value: m, label: labels(m).label }))}
        />
      </Labelled>
      <EChart
        option={option}
        height={horizontal ? Math.max(280, categories.length * 28 + 64) : 320}
        testId="analysis-chart"
        label={title}
        onClick={onClick}
      />
      <table data-testid="analysis-chart-data" aria-label={title} style={VISUALLY_HIDDEN}>
        <tbody>
          {series.flatMap((s) =>
            s.rows.map((row, i) => (
              <tr key={`${nameOf(s)}-${categories[i]}`}>
                <th scope="row">{categories[i]}</th>
                <td>{nameOf(s)}</td>
                <td>{String(valueOf(s, row) ?? '')}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
      <Typography.Text type="secondary">{t('analysis.clickHint')}</Typography.Text>
    </Space>
  );
}

export function AnalysisResultView({ result }: { result: AnalysisResult }) {
  const { t, locale } = useI18n();
  const labels = columnLabels(result.columns, t);
  const figuresPerRow = result.query.measures.length * (result.query.compare ? 3 : 1);
  const { dimensions } = result.query;
  const tableColumns = dimensions.length === 2 ? 1 + valuesOf(result.rows, dimensions[1]).length * figuresPerRow : dimensions.length + figuresPerRow;
  const narrow = tableColumns <= 4;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text data-testid="analysis-totals">
        {t('analysis.totals')}：
        {result.query.measures.map((m) => `${labels(m).label} ${formatFigure(result.totals[m], UNITS[m], locale)}`).join('；')}
      </Typography.Text>
      {/* A narrow table and the chart side by side on a wide screen; a wide table above the chart. */}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={narrow ? 10 : 24}>
          <ResultTable result={result} />
        </Col>
        <Col xs={24} xl={narrow ? 14 : 24}>
          <ResultChart result={result} />
        </Col>
      </Row>
    </Space>
  );
}
