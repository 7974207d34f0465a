/** 工作台: my to-do list with due times (overdue red, due soon amber), unread notices, my unit's counts. */
import { useState } from 'react';
import { Badge, Button, Card, Col, Empty, Radio, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { formatDateTime, formatDeadline } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { useSession } from '../../app/session';
import { ErrorState, Loading, ProblemAlert } from '../../app/states';
import { TodoFilter, TodoItem, useInbox, useMarkRead, useMyTodos, useUnitCounts } from './hooks';

const DAY = 86_400_000;

/** overdue: the clock missed or its due time passed; soon: it falls due within the API's "due soon" days. */
export function dueTone(item: TodoItem, dueSoonDays: number, now = Date.now()): 'overdue' | 'soon' | undefined {
  if (item.state !== 'open' || !item.due || item.due.status === 'stopped' || item.due.status === 'paused') return undefined;
  if (item.due.missedAt) return 'overdue';
  if (!item.due.dueAt) return undefined;
  const left = new Date(item.due.dueAt).getTime() - now;
  if (left <= 0) return 'overdue';
  return left <= dueSoonDays * DAY ? 'soon' : undefined;
}

function subjectLink(item: TodoItem): string | undefined {
  if (item.subject.kind === 'lead') return `/leads/${encodeURIComponent(item.subject.id)}`;
  if (item.subject.kind === 'case') return `/cases/${encodeURIComponent(item.subject.id)}`;
  if (item.subject.kind === 'meeting' && item.subject.meetingId) return `/meetings/${encodeURIComponent(item.subject.meetingId)}`;
  return undefined;
}

function TodoList({ dueSoonDays }: { dueSoonDays: number }) {
  const { t, locale } = useI18n();
  const [filter, setFilter] = useState<TodoFilter>({ state: 'open', page: 1 });
  const todos = useMyTodos(filter);
  return (
    <Card
      title={t('workbench.todos')}
      extra={
        <Segmented
          aria-label={t('workbench.filter')}
          value={filter.due ?? filter.state ?? 'all'}
          options={[
            { value: 'open', label: t('workbench.filter.open') },
            { value: 'soon', label: t('workbench.filter.soon') },
            { value: 'overdue', label: t('workbench.filter.overdue') },
            { value: 'closed', label: t('workbench.filter.closed') },
          ]}
          onChange={(value) =>
            setFilter(
              value === 'soon' || value === 'overdue' ? { state: 'open', due: value, page: 1 } : { state: value as 'open' | 'closed', page: 1 },
            )
          }
        />
      }
    >
      {todos.error ? <ProblemAlert error={todos.error} /> : null}
      <Table<TodoItem>
        rowKey="itemId"
        size="middle"
        loading={todos.isPending ? { description: t('app.loading') } : false}
        dataSource={todos.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('workbench.noTodos')} /> }}
        pagination={{
          current: filter.page,
          pageSize: 10,
          total: todos.data?.total ?? 0,
          showTotal: (n) => t('app.total', { n }),
          onChange: (page) => setFilter({ ...filter, page }),
        }}
        columns={[
          { title: t('workbench.kind'), dataIndex: 'kindLabel', width: 160 },
          {
            title: t('workbench.subject'),
            render: (_, item) => {
              const text = [item.subject.no, item.subject.title].filter(Boolean).join(' ') || item.subject.id;
              const to = subjectLink(item);
              return to ? <Link to={to}>{text}</Link> : text;
            },
          },
          {
            title: t('workbench.from'),
            width: 190,
            render: (_, item) => (
              <>
                <div>{item.handedOver.byName}</div>
                <Typography.Text type="secondary">{formatDateTime(item.handedOver.at, locale)}</Typography.Text>
              </>
            ),
          },
          {
            title: t('workbench.due'),
            width: 200,
            render: (_, item) => {
              if (!item.due) return <Typography.Text type="secondary">{t('workbench.noDue')}</Typography.Text>;
              const tone = dueTone(item, dueSoonDays);
              const text = formatDeadline(item.due.dueAt, locale);
              if (tone === 'overdue') return <Tag color="red">{`${t('workbench.overdue')} ${text}`}</Tag>;
              if (tone === 'soon') return <Tag color="orange">{`${t('workbench.soon')} ${text}`}</Tag>;
              return (
                <>
                  <div>{text}</div>
                  <Typography.Text type="secondary">{item.due.statusLabel}</Typography.Text>
                </>
              );
            },
          },
          {
            title: t('workbench.action'),
            width: 260,
            render: (_, item) => (item.state === 'open' ? (item.action.label ?? '—') : <Tag>{item.stateLabel}</Tag>),
          },
        ]}
      />
    </Card>
  );
}

function Notices() {
  const { t, locale } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(true);
  const inbox = useInbox(unreadOnly);
  const markRead = useMarkRead();
  return (
    <Card
      title={t('workbench.notices')}
      extra={
        <Radio.Group
          size="small"
          value={unreadOnly}
          onChange={(e) => setUnreadOnly(e.target.value as boolean)}
          options={[
            { value: true, label: t('workbench.unread') },
            { value: false, label: t('workbench.allNotices') },
          ]}
          optionType="button"
        />
      }
    >
      <ProblemAlert error={inbox.error ?? markRead.error} />
      {inbox.isPending ? <Loading /> : null}
      {inbox.data && !inbox.data.items.length ? <Empty description={unreadOnly ? t('workbench.noUnread') : t('workbench.noNotices')} /> : null}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {(inbox.data?.items ?? []).map((item) => (
          <li key={item.messageId} style={{ borderBottom: '1px solid #f0f0f0', padding: '12px 0' }}>
            <Typography.Text strong>
              {item.read ? null : <Badge status="processing" style={{ marginRight: 6 }} />}
              {item.subject}
            </Typography.Text>
            <Typography.Paragraph
              ellipsis={{ rows: 2, expandable: true, symbol: t('workbench.more') }}
              style={{ margin: '4px 0', whiteSpace: 'pre-line' }}
            >
              {item.body}
            </Typography.Paragraph>
            <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
              <Typography.Text type="secondary">{formatDateTime(item.createdAt, locale)}</Typography.Text>
              {item.read ? null : (
                <Button
                  size="small"
                  type="link"
                  loading={markRead.isPending && markRead.variables === item.messageId}
                  onClick={() => markRead.mutate(item.messageId)}
                >
                  {t('workbench.markRead')}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}

export function WorkbenchPage() {
  const { t } = useI18n();
  const session = useSession();
  const counts = useUnitCounts();
  if (counts.isPending) return <Loading />;
  if (counts.error) return <ErrorState error={counts.error} onRetry={() => void counts.refetch()} />;
  const mine = counts.data.units.find((unit) => unit.unit === session.agency);
  const others = counts.data.units.filter((unit) => unit.unit !== session.agency);
  return (
    <>
      <PageHeader title={t('workbench.title')} />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col span={8}>
          <Card>
            <Statistic title={t('workbench.counts.open')} value={mine?.open ?? 0} />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Statistic
              title={t('workbench.counts.soon', { n: counts.data.dueSoonDays })}
              value={mine?.dueSoon ?? 0}
              styles={{ content: { color: '#d48806' } }}
            />
          </Card>
        </Col>
        <Col span={8}>
          <Card>
            <Statistic title={t('workbench.counts.overdue')} value={mine?.overdue ?? 0} styles={{ content: { color: '#cf1322' } }} />
          </Card>
        </Col>
      </Row>
      <TodoList dueSoonDays={counts.data.dueSoonDays} />
      <Row gutter={16} style={{ marginTop: 16 }}>
        <Col span={others.length ? 12 : 24}>
          <Notices />
        </Col>
        {others.length ? (
          <Col span={12}>
            <Card title={t('workbench.unitCounts')}>
              <Table
                rowKey="unit"
                size="small"
                pagination={false}
                scroll={{ y: 360 }}
                dataSource={others}
                columns={[
                  { title: t('workbench.unit'), dataIndex: 'unitName' },
                  { title: t('workbench.filter.open'), dataIndex: 'open', width: 80 },
                  {
                    title: t('workbench.filter.soon'),
                    dataIndex: 'dueSoon',
                    width: 90,
                    render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : n),
                  },
                  {
                    title: t('workbench.filter.overdue'),
                    dataIndex: 'overdue',
                    width: 80,
                    render: (n: number) => (n ? <Tag color="red">{n}</Tag> : n),
                  },
                ]}
              />
            </Card>
          </Col>
        ) : null}
      </Row>
    </>
  );
}
