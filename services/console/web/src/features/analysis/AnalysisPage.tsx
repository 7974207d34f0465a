/**
 * 分析: an analyst's own question of the risk ledger (reporting's /analysis):
 * dimensions, measures, period, filters, 同比/环比 and top-N; the answer as a
 * pivot table and a chart, each figure drilling into the 台账; saved analyses
 * (我的分析) and XLSX/CSV exports. The query lives in the URL (?q=…, and
 * ?saved=<id> when a saved one is open), so the way back from the ledger
 * shows the same analysis.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Alert,
  App as AntApp,
  Button,
  Card,
  Col,
  Collapse,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Popconfirm,
  Radio,
  Row,
  Select,
  Space,
  Spin,
  Typography,
} from 'antd';
import { ApiProblem } from '../../app/api';
import { agenciesOfKind } from '../../app/agencies';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { EnumSelect, ProblemAlert } from '../cases/ui';
import { AnalysisResultView } from './AnalysisResultView';
import { useAnalysis, useDeleteAnalysis, useExportAnalysis, useSaveAnalysis, useSavedAnalyses } from './hooks';
import {
  AGENCY_FILTERS,
  AnalysisQuery,
  DEFAULT_QUERY,
  DIMENSIONS,
  ENUM_FILTERS,
  FLAG_FILTERS,
  MAX_DIMENSIONS,
  MEASURES,
  normalise,
  queryFromUrl,
  SavedAnalysis,
} from './model';

type FormValues = Omit<AnalysisQuery, 'compare' | 'sort'> & { compare: 'none' | 'yoy' | 'mom'; sortBy?: string; sortOrder: 'asc' | 'desc' };

function toForm(query: AnalysisQuery): FormValues {
  return {
    ...query,
    period: { by: 'month', ...query.period },
    compare: query.compare ?? 'none',
    sortBy: query.sort?.by,
    sortOrder: query.sort?.order ?? 'desc',
  };
}

function fromForm({ compare, sortBy, sortOrder, ...values }: FormValues): AnalysisQuery {
  return normalise({
    ...values,
    compare: compare === 'none' ? undefined : compare,
    sort: sortBy ? { by: sortBy as never, order: sortOrder } : undefined,
  });
}

function QueryForm({ initial, onRun }: { initial: AnalysisQuery; onRun: (query: AnalysisQuery) => void }) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const dimensions = Form.useWatch('dimensions', form) ?? initial.dimensions;
  const measures = Form.useWatch('measures', form) ?? initial.measures;
  const yesNo = [
    { value: true, label: t('cases.enum.yesNo.true') },
    { value: false, label: t('cases.enum.yesNo.false') },
  ];
  /** A form field of a few values as buttons: its label's key, and its values' texts under `prefix`. */
  const choice = (name: string | string[], labelKey: string, prefix: string, values: string[]) => (
    <Form.Item name={name} label={t(labelKey)}>
      <Radio.Group optionType="button" aria-label={t(labelKey)} options={values.map((value) => ({ value, label: t(`${prefix}.${value}`) }))} />
    </Form.Item>
  );
  const date = (name: 'from' | 'to') => (
    <Form.Item name={['period', name]} label={t(`analysis.period.${name}`)}>
      <Input type="date" aria-label={t(`analysis.period.${name}`)} />
    </Form.Item>
  );
  return (
    <Form<FormValues>
      form={form}
      layout="vertical"
      initialValues={toForm(initial)}
      onFinish={(values) => onRun(fromForm(values))}
      aria-label={t('analysis.form')}
    >
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Form.Item
            name="dimensions"
            label={t('analysis.dimensions')}
            extra={t('analysis.dimensionsHint', { n: MAX_DIMENSIONS })}
            rules={[{ type: 'array', max: MAX_DIMENSIONS, message: t('analysis.dimensionsHint', { n: MAX_DIMENSIONS }) }]}
          >
            <Select
              mode="multiple"
              maxCount={MAX_DIMENSIONS}
              aria-label={t('analysis.dimensions')}
              placeholder={t('analysis.dimensionsNone')}
              options={DIMENSIONS.map((d) => ({ value: d, label: t(`analysis.dimension.${d}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} lg={12}>
          <Form.Item
            name="measures"
            label={t('analysis.measures')}
            rules={[{ required: true, type: 'array', min: 1, message: t('analysis.measuresRequired') }]}
          >
            <Select
              mode="multiple"
              aria-label={t('analysis.measures')}
              options={MEASURES.map((m) => ({ value: m, label: t(`analysis.measure.${m}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          {choice(['period', 'by'], 'analysis.period.by', 'analysis.period', ['month', 'quarter', 'year'])}
        </Col>
        <Col xs={12} lg={4}>
          {date('from')}
        </Col>
        <Col xs={12} lg={4}>
          {date('to')}
        </Col>
        <Col xs={12} lg={6}>
          {choice('compare', 'analysis.compare', 'analysis.compare', ['none', 'yoy', 'mom'])}
        </Col>
        <Col xs={12} lg={4}>
          <Form.Item name="limit" label={t('analysis.limit')}>
            <InputNumber min={1} max={1000} precision={0} aria-label={t('analysis.limit')} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      {/* Filters and sort folded away unless the query filters. */}
      <Collapse
        size="small"
        style={{ marginBottom: 16 }}
        defaultActiveKey={Object.keys(initial.filters ?? {}).length ? ['filters'] : []}
        items={[
          {
            key: 'filters',
            label: t('analysis.filters'),
            forceRender: true,
            children: (
              <Row gutter={[12, 0]}>
                {Object.entries(ENUM_FILTERS).map(([name, table]) => (
                  <Col key={name} xs={12} md={8} xl={6}>
                    <Form.Item name={['filters', name]} label={t(`analysis.filter.${name}`)}>
                      <EnumSelect table={table} placeholder={t(`analysis.filter.${name}`)} width="100%" onChange={() => undefined} />
                    </Form.Item>
                  </Col>
                ))}
                {Object.entries(AGENCY_FILTERS).map(([name, kind]) => (
                  <Col key={name} xs={12} md={8} xl={6}>
                    <Form.Item name={['filters', name]} label={t(`analysis.filter.${name}`)}>
                      <Select
                        allowClear
                        showSearch={{ optionFilterProp: 'label' }}
                        aria-label={t(`analysis.filter.${name}`)}
                        placeholder={t(`analysis.filter.${name}`)}
                        options={agenciesOfKind(kind).map((a) => ({ value: a.code, label: a.name[locale] }))}
                      />
                    </Form.Item>
                  </Col>
                ))}
                {FLAG_FILTERS.map((name) => (
                  <Col key={name} xs={12} md={8} xl={6}>
                    <Form.Item name={['filters', name]} label={t(`analysis.filter.${name}`)}>
                      <Select allowClear aria-label={t(`analysis.filter.${name}`)} placeholder={t('analysis.any')} options={yesNo} />
                    </Form.Item>
                  </Col>
                ))}
                <Col xs={12} md={8} xl={6}>
                  <Form.Item name="sortBy" label={t('analysis.sort')}>
                    <Select
                      allowClear
                      aria-label={t('analysis.sort')}
                      placeholder={t('analysis.sortDefault')}
                      options={[
                        ...dimensions.map((d) => ({ value: d, label: t(`analysis.dimension.${d}`) })),
                        ...measures.map((m) => ({ value: m, label: t(`analysis.measure.${m}`) })),
                      ]}
                    />
                  </Form.Item>
                </Col>
                <Col xs={12} md={8} xl={6}>
                  {choice('sortOrder', 'analysis.sortOrder', 'analysis.sortOrder', ['desc', 'asc'])}
                </Col>
              </Row>
            ),
          },
        ]}
      />
      <Button type="primary" htmlType="submit">
        {t('analysis.run')}
      </Button>
    </Form>
  );
}

/** What the API refused or could not do yet, in the user's words: 422 with the server's reasons, 503 while the engine loads. */
function AnalysisProblem({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  if (error instanceof ApiProblem && error.status === 503)
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        title={t('analysis.engineLoading')}
        action={
          <Button size="small" onClick={onRetry}>
            {t('analysis.retry')}
          </Button>
        }
      />
    );
  if (error instanceof ApiProblem && (error.status === 422 || error.status === 400))
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('analysis.refused')}
        description={
          <Space orientation="vertical" size={2}>
            {error.detail ?? error.title}
            {error.errors.map((e) => (
              <span key={e.field}>
                {e.field}：{e.messages.join('；')}
              </span>
            ))}
          </Space>
        }
      />
    );
  return <ProblemAlert problem={error} />;
}

function SaveDialog({ open, onClose, query, saved }: { open: boolean; onClose: () => void; query: AnalysisQuery; saved?: SavedAnalysis }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [, setParams] = useSearchParams();
  const [name, setName] = useState(saved?.name ?? '');
  const save = useSaveAnalysis();
  const submit = (id?: string) =>
    save.mutate(
      { id, name: name.trim(), query },
      {
        onSuccess: (answer) => {
          void message.success(t('analysis.savedDone', { name: name.trim() }));
          if (answer?.id) setParams(new URLSearchParams({ q: JSON.stringify(query), saved: answer.id }));
          onClose();
        },
      },
    );
  return (
    <Modal
      open={open}
      title={t('analysis.save')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('analysis.cancel')}
        </Button>,
        saved ? (
          <Button key="update" disabled={!name.trim()} loading={save.isPending} onClick={() => submit(saved.id)}>
            {t('analysis.update', { name: saved.name })}
          </Button>
        ) : null,
        <Button key="new" type="primary" disabled={!name.trim()} loading={save.isPending} onClick={() => submit()}>
          {t(saved ? 'analysis.saveAsNew' : 'analysis.save')}
        </Button>,
      ]}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Input
          aria-label={t('analysis.name')}
          placeholder={t('analysis.name')}
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {save.isError ? <AnalysisProblem error={save.error} onRetry={() => undefined} /> : null}
      </Space>
    </Modal>
  );
}

function SavedList({ openId, onOpen }: { openId?: string; onOpen: (saved: SavedAnalysis) => void }) {
  const { t, locale } = useI18n();
  const saved = useSavedAnalyses();
  const remove = useDeleteAnalysis();
  const [, setParams] = useSearchParams();
  return (
    <Card size="small" title={t('analysis.mine')}>
      {saved.isError ? <ProblemAlert problem={saved.error} /> : null}
      {remove.isError ? <ProblemAlert problem={remove.error} /> : null}
      <List<SavedAnalysis>
        aria-label={t('analysis.mine')}
        loading={saved.isPending}
        dataSource={saved.data ?? []}
        locale={{ emptyText: t('analysis.mineEmpty') }}
        renderItem={(item) => (
          // Name on its own line (the column is narrow), the date and the actions under it.
          <List.Item>
            <List.Item.Meta
              title={
                <Typography.Text strong={item.id === openId} ellipsis={{ tooltip: item.name }}>
                  {item.name}
                </Typography.Text>
              }
              description={
                <Space size={4} wrap>
                  {formatDateTime(item.changedAt, locale)}
                  <Button type="link" size="small" onClick={() => onOpen(item)} aria-label={t('analysis.openNamed', { name: item.name })}>
                    {t('analysis.open')}
                  </Button>
                  <Popconfirm
                    title={t('analysis.deleteConfirm', { name: item.name })}
                    okText={t('analysis.delete')}
                    cancelText={t('analysis.cancel')}
                    onConfirm={() =>
                      remove.mutate(item.id, {
                        onSuccess: () => {
                          if (item.id === openId) setParams((params) => (params.delete('saved'), params));
                        },
                      })
                    }
                  >
                    <Button type="link" size="small" danger aria-label={t('analysis.deleteNamed', { name: item.name })}>
                      {t('analysis.delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

export function AnalysisPage() {
  const { t, locale } = useI18n();
  const [params, setParams] = useSearchParams();
  const raw = params.get('q');
  const query = queryFromUrl(raw);
  const savedId = params.get('saved') ?? undefined;
  const saved = useSavedAnalyses();
  const openSaved = saved.data?.find((s) => s.id === savedId);
  const answer = useAnalysis(query, locale);
  const exporter = useExportAnalysis();
  const [saving, setSaving] = useState(false);
  const run = (next: AnalysisQuery) => {
    const changes = new URLSearchParams(params);
    changes.set('q', JSON.stringify(next));
    setParams(changes);
  };
  const open = (item: SavedAnalysis) => setParams(new URLSearchParams({ q: JSON.stringify(item.query), saved: item.id }));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>
        {t('analysis.heading')}
        {openSaved ? <Typography.Text type="secondary"> · {openSaved.name}</Typography.Text> : null}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={18}>
          <Card size="small">
            {/* Keyed by the URL's query: opening a saved analysis refills the form. */}
            <QueryForm key={raw ?? ''} initial={query ?? DEFAULT_QUERY} onRun={run} />
          </Card>
        </Col>
        <Col xs={24} xl={6}>
          <SavedList openId={savedId} onOpen={open} />
        </Col>
      </Row>
      {query ? (
        <Space wrap>
          <Button onClick={() => setSaving(true)} disabled={!answer.isSuccess}>
            {t('analysis.save')}
          </Button>
          <Button onClick={() => exporter.mutate({ query, format: 'xlsx' })} loading={exporter.isPending && exporter.variables?.format === 'xlsx'}>
            {t('analysis.exportXlsx')}
          </Button>
          <Button onClick={() => exporter.mutate({ query, format: 'csv' })} loading={exporter.isPending && exporter.variables?.format === 'csv'}>
            {t('analysis.exportCsv')}
          </Button>
        </Space>
      ) : null}
      {exporter.isError ? <AnalysisProblem error={exporter.error} onRetry={() => exporter.reset()} /> : null}
      {saving && query ? <SaveDialog open onClose={() => setSaving(false)} query={query} saved={openSaved} /> : null}
      {!query ? <Typography.Text type="secondary">{t('analysis.start')}</Typography.Text> : null}
      {query && answer.isPending ? <Spin description={t('app.loading')}>{<div style={{ minHeight: 80 }} />}</Spin> : null}
      {answer.isError ? <AnalysisProblem error={answer.error} onRetry={() => void answer.refetch()} /> : null}
      {answer.isSuccess ? (
        <Card
          size="small"
          data-testid="analysis-result"
          title={t('analysis.result')}
          extra={
            <Typography.Text type="secondary">
              {t('analysis.scope', { scope: answer.data.scope.label, asOf: formatDateTime(answer.data.asOf, locale) })}
            </Typography.Text>
          }
        >
          {answer.data.truncated ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('analysis.truncated', { n: answer.data.rows.length })} />
          ) : null}
          {answer.data.rows.length ? <AnalysisResultView result={answer.data} /> : <Empty description={t('analysis.empty')} />}
        </Card>
      ) : null}
    </Space>
  );
}
