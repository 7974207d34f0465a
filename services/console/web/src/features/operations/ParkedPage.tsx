/**
 * 停放事件: each service's parked events and notifications' dead letters, for the top office's admin (act) and
 * auditor (read); the services decide (docs/operations/parked-events.md) and their refusals are shown as sent.
 */
import { useState } from 'react';
import { App as AntApp, Alert, Button, Card, Descriptions, Drawer, Form, Input, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { showProblemOn } from '../../app/forms';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { hasRole, useSession } from '../../app/session';
import { ApiProblem } from '../../app/api';
import { ErrorState, Loading, ProblemAlert } from '../../app/states';
import {
  DeadLetter,
  DeadLetterStatus,
  deadLetterPath,
  OPERATED_SERVICES,
  OperatedService,
  ParkedStatus,
  ParkedSummary,
  parkedPath,
  useDeadLetter,
  useDeadLetters,
  useOperation,
  useParkedEvent,
  useParkedEvents,
} from './hooks';

const PAGE_SIZE = 20;
const STATUS_COLOURS: Record<string, string> = { parked: 'orange', dead: 'red', replayed: 'green', discarded: 'default' };

/** A status as a coloured tag, in the list and the drawers. */
function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOURS[status]}>{t(`operations.status.${status}`)}</Tag>;
}

const statusColumn = (t: (key: string) => string) => ({
  title: t('operations.status'),
  dataIndex: 'status',
  render: (status: string) => <StatusTag status={status} />,
});

/**
 * The last refused action. A replay that failed again carries the handler's own error as its detail: a technical
 * message in the language the code wrote it in, so it is shown as such, under a sentence in the user's language.
 */
function FailureAlert({ failure }: { failure: unknown }) {
  const { t } = useI18n();
  if (!(failure instanceof ApiProblem) || failure.code !== 'REPLAY_FAILED' || !failure.detail) return <ProblemAlert error={failure} />;
  return (
    <Alert
      role="alert"
      type="error"
      showIcon
      title={failure.title}
      description={
        <>
          <div>{t('operations.replayFailedHint')}</div>
          <Typography.Text code>{failure.detail}</Typography.Text>
        </>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

/** What both lists share: the status filter, the last refused action, and the paged table. */
function ListFrame<T extends object>(props: {
  status: string;
  statuses: { value: string; label: string }[];
  onStatus: (status: string) => void;
  failure: unknown;
  list: { isPending: boolean; data?: { items: T[]; total: number } };
  page: number;
  onPage: (page: number) => void;
  empty: string;
  rowKey: (row: T) => string;
  columns: ColumnsType<T>;
}) {
  const { t } = useI18n();
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Select aria-label={t('operations.status')} style={{ width: 160 }} value={props.status} onChange={props.onStatus} options={props.statuses} />
      </Space>
      <FailureAlert failure={props.failure} />
      <Table<T>
        rowKey={props.rowKey}
        loading={props.list.isPending}
        dataSource={props.list.data?.items ?? []}
        locale={{ emptyText: props.empty }}
        pagination={{
          current: props.page,
          pageSize: PAGE_SIZE,
          total: props.list.data?.total ?? 0,
          onChange: props.onPage,
          showTotal: (total) => t('operations.total', { total }),
        }}
        columns={props.columns}
      />
    </>
  );
}

/** The reason dialog of a discard: required, 1 to 500 characters, the server's refusal shown at the field. */
function DiscardDialog({ title, onSubmit, onClose }: { title: string; onSubmit: (reason: string) => Promise<unknown>; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const [alert, setAlert] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={title}
      okText={t('operations.discard')}
      okButtonProps={{ danger: true }}
      cancelText={t('app.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <ProblemAlert error={alert} />
      <Form
        form={form}
        layout="vertical"
        onFinish={({ reason }) => {
          setBusy(true);
          onSubmit(reason.trim())
            .then(onClose, (error: unknown) => setAlert(showProblemOn(form, error)))
            .finally(() => setBusy(false));
        }}
      >
        <Form.Item
          name="reason"
          label={t('operations.reason')}
          rules={[{ required: true, whitespace: true, max: 500, message: t('operations.v.reason') }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ParkedDrawer({ service, item, onClose }: { service: OperatedService; item: ParkedSummary; onClose: () => void }) {
  const { t, locale } = useI18n();
  const detail = useParkedEvent(service, item);
  return (
    <Drawer open width={720} title={`${item.eventType} · ${item.eventId}`} onClose={onClose}>
      {detail.isPending ? (
        <Loading />
      ) : detail.error ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('operations.status')}>
              <StatusTag status={detail.data.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('operations.group')}>{detail.data.group}</Descriptions.Item>
            <Descriptions.Item label={t('operations.stream')}>{detail.data.streamId || '—'}</Descriptions.Item>
            <Descriptions.Item
              label={t('operations.source')}
            >{`${detail.data.topic} · ${detail.data.source} · ${detail.data.position}`}</Descriptions.Item>
            <Descriptions.Item label={t('operations.attempts')}>{detail.data.attempts}</Descriptions.Item>
            <Descriptions.Item label={t('operations.parkedAt')}>{formatDateTime(detail.data.parkedAt, locale)}</Descriptions.Item>
            {detail.data.discardedBy ? (
              <>
                <Descriptions.Item
                  label={t('operations.discardedBy')}
                >{`${detail.data.discardedBy} · ${formatDateTime(detail.data.discardedAt, locale)}`}</Descriptions.Item>
                <Descriptions.Item label={t('operations.discardReason')}>{detail.data.discardReason}</Descriptions.Item>
              </>
            ) : null}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('operations.error')}
          </Typography.Title>
          <pre
            aria-label={t('operations.error')}
            style={{ whiteSpace: 'pre-wrap', maxHeight: 200, overflow: 'auto', background: '#fff1f0', padding: 8 }}
          >
            {detail.data.error}
          </pre>
          <Typography.Title level={5}>{detail.data.payloadFormat === 'raw' ? t('operations.payload.raw') : t('operations.payload')}</Typography.Title>
          <pre
            aria-label={t('operations.payload')}
            style={{ whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto', background: '#fafafa', padding: 8 }}
          >
            {typeof detail.data.payload === 'string' ? detail.data.payload : JSON.stringify(detail.data.payload, null, 2)}
          </pre>
        </>
      )}
    </Drawer>
  );
}

function DeadLetterDrawer({ messageId, onClose }: { messageId: string; onClose: () => void }) {
  const { t, locale } = useI18n();
  const detail = useDeadLetter(messageId);
  return (
    <Drawer open width={720} title={messageId} onClose={onClose}>
      {detail.isPending ? (
        <Loading />
      ) : detail.error ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : (
        <>
          <Descriptions column={1} size="small" bordered>
            {detail.data.targets.map((target) => (
              <Descriptions.Item key={target.target} label={target.target}>
                <StatusTag status={target.status} />
                {`${target.attempts} · ${target.lastError ?? ''}`}
              </Descriptions.Item>
            ))}
            {detail.data.discards.map((d) => (
              <Descriptions.Item key={`${d.target}-${d.at}`} label={t('operations.discardedBy')}>
                {`${d.by} · ${formatDateTime(d.at, locale)} · ${d.target}：${d.reason}`}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('operations.request')}
          </Typography.Title>
          <pre style={{ whiteSpace: 'pre-wrap', maxHeight: 360, overflow: 'auto', background: '#fafafa', padding: 8 }}>
            {JSON.stringify(detail.data.request, null, 2)}
          </pre>
        </>
      )}
    </Drawer>
  );
}

function ParkedTable({ service, mayAct }: { service: OperatedService; mayAct: boolean }) {
  const { t, locale } = useI18n();
  const { modal, message } = AntApp.useApp();
  const [status, setStatus] = useState<ParkedStatus | undefined>('parked');
  const [page, setPage] = useState(1);
  const [inspected, setInspected] = useState<ParkedSummary>();
  const [discarding, setDiscarding] = useState<ParkedSummary>();
  const [failure, setFailure] = useState<unknown>();
  const list = useParkedEvents(service, status, page, PAGE_SIZE);
  const operation = useOperation();

  const replay = (item: ParkedSummary) =>
    modal.confirm({
      title: t('operations.replayConfirm', { id: item.eventId }),
      okText: t('operations.replay'),
      cancelText: t('app.cancel'),
      onOk: () =>
        operation.mutateAsync({ service, path: parkedPath(item, 'replay') }).then(
          () => {
            setFailure(undefined);
            void message.success(t('operations.replayed'));
          },
          (error: unknown) => setFailure(error),
        ),
    });

  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <ListFrame<ParkedSummary>
        status={status ?? ''}
        statuses={[
          { value: '', label: t('admin.allStatuses') },
          ...(['parked', 'replayed', 'discarded'] as const).map((s) => ({ value: s, label: t(`operations.status.${s}`) })),
        ]}
        onStatus={(value) => {
          setStatus((value || undefined) as ParkedStatus | undefined);
          setPage(1);
        }}
        failure={failure}
        list={list}
        page={page}
        onPage={setPage}
        empty={t('operations.empty')}
        rowKey={(row) => `${row.group}/${row.eventId}`}
        columns={[
          statusColumn(t),
          { title: t('operations.eventType'), dataIndex: 'eventType' },
          { title: t('operations.eventId'), dataIndex: 'eventId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('operations.group'), dataIndex: 'group' },
          { title: t('operations.attempts'), dataIndex: 'attempts' },
          { title: t('operations.parkedAt'), dataIndex: 'parkedAt', render: (at: string) => formatDateTime(at, locale) },
          {
            title: t('operations.actions'),
            key: 'actions',
            render: (_: unknown, row) => (
              <Space>
                <Button size="small" onClick={() => setInspected(row)} aria-label={`${t('operations.inspect')} ${row.eventId}`}>
                  {t('operations.inspect')}
                </Button>
                {mayAct && row.status === 'parked' ? (
                  <>
                    <Button size="small" type="primary" onClick={() => replay(row)} aria-label={`${t('operations.replay')} ${row.eventId}`}>
                      {t('operations.replay')}
                    </Button>
                    <Button size="small" danger onClick={() => setDiscarding(row)} aria-label={`${t('operations.discard')} ${row.eventId}`}>
                      {t('operations.discard')}
                    </Button>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {inspected ? <ParkedDrawer service={service} item={inspected} onClose={() => setInspected(undefined)} /> : null}
      {discarding ? (
        <DiscardDialog
          title={t('operations.discardTitle', { id: discarding.eventId })}
          onClose={() => setDiscarding(undefined)}
          onSubmit={(reason) =>
            operation.mutateAsync({ service, path: parkedPath(discarding, 'discard'), reason }).then(() => {
              setFailure(undefined);
              void message.success(t('operations.discarded'));
            })
          }
        />
      ) : null}
    </>
  );
}

function DeadLetterTable({ mayAct }: { mayAct: boolean }) {
  const { t, locale } = useI18n();
  const { modal, message } = AntApp.useApp();
  const [status, setStatus] = useState<DeadLetterStatus>('dead');
  const [page, setPage] = useState(1);
  const [inspected, setInspected] = useState<string>();
  const [discarding, setDiscarding] = useState<DeadLetter>();
  const [failure, setFailure] = useState<unknown>();
  const list = useDeadLetters(status, page, PAGE_SIZE, true);
  const operation = useOperation();

  const retry = (item: DeadLetter) =>
    modal.confirm({
      title: t('operations.retryConfirm', { id: item.messageId, target: item.target }),
      okText: t('operations.retry'),
      cancelText: t('app.cancel'),
      onOk: () =>
        operation.mutateAsync({ service: 'notifications', path: deadLetterPath(item, 'retry') }).then(
          () => {
            setFailure(undefined);
            void message.success(t('operations.retried'));
          },
          (error: unknown) => setFailure(error),
        ),
    });

  if (list.error) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <ListFrame<DeadLetter>
        status={status}
        statuses={(['dead', 'discarded'] as const).map((s) => ({ value: s, label: t(`operations.status.${s}`) }))}
        onStatus={(value) => {
          setStatus(value as DeadLetterStatus);
          setPage(1);
        }}
        failure={failure}
        list={list}
        page={page}
        onPage={setPage}
        empty={t('operations.emptyDead')}
        rowKey={(row) => `${row.messageId}/${row.target}`}
        columns={[
          statusColumn(t),
          { title: t('operations.messageId'), dataIndex: 'messageId', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('operations.target'), dataIndex: 'target' },
          { title: t('operations.recipient'), dataIndex: 'recipientAgency' },
          { title: t('operations.attempts'), dataIndex: 'attempts' },
          { title: t('operations.lastError'), dataIndex: 'lastError', ellipsis: true },
          { title: t('operations.deadAt'), dataIndex: 'updatedAt', render: (at: string) => formatDateTime(at, locale) },
          {
            title: t('operations.actions'),
            key: 'actions',
            render: (_: unknown, row) => (
              <Space>
                <Button size="small" onClick={() => setInspected(row.messageId)}>
                  {t('operations.inspect')}
                </Button>
                {mayAct ? (
                  <Button size="small" type="primary" onClick={() => retry(row)}>
                    {t('operations.retry')}
                  </Button>
                ) : null}
                {mayAct && row.status === 'dead' ? (
                  <Button size="small" danger onClick={() => setDiscarding(row)}>
                    {t('operations.discard')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {inspected ? <DeadLetterDrawer messageId={inspected} onClose={() => setInspected(undefined)} /> : null}
      {discarding ? (
        <DiscardDialog
          title={t('operations.discardTitle', { id: `${discarding.messageId}（${discarding.target}）` })}
          onClose={() => setDiscarding(undefined)}
          onSubmit={(reason) =>
            operation.mutateAsync({ service: 'notifications', path: deadLetterPath(discarding, 'discard'), reason }).then(() => {
              setFailure(undefined);
              void message.success(t('operations.discarded'));
            })
          }
        />
      ) : null}
    </>
  );
}

export function ParkedPage() {
  const { t } = useI18n();
  const session = useSession();
  const mayAct = hasRole(session, 'admin');
  const [service, setService] = useState<OperatedService>('intake');
  return (
    <>
      <PageHeader title={t('operations.title')} />
      <Card>
        <Alert type="info" title={t('operations.intro')} style={{ marginBottom: 16 }} />
        <Tabs
          items={[
            {
              key: 'parked',
              label: t('operations.tab.parked'),
              children: (
                <>
                  <Select
                    aria-label={t('operations.service')}
                    style={{ width: 240, marginBottom: 16 }}
                    value={service}
                    onChange={setService}
                    options={OPERATED_SERVICES.map((s) => ({ value: s, label: t(`operations.service.${s}`) }))}
                  />
                  <ParkedTable key={service} service={service} mayAct={mayAct} />
                </>
              ),
            },
            { key: 'dead', label: t('operations.tab.deadLetters'), children: <DeadLetterTable mayAct={mayAct} /> },
          ]}
        />
      </Card>
    </>
  );
}
