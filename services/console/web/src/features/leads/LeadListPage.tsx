/** 线索: the leads the caller may see (intake's need-to-know), filtered by status, searchable within the page. */
import { useMemo, useState } from 'react';
import { Button, Card, Empty, Input, Select, Space, Table, Tag } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { agencyName } from '../../app/agencies';
import { formatDateTime, formatYuan } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { hasRole, useSession } from '../../app/session';
import { ProblemAlert } from '../../app/states';
import { LEAD_STATUS_LABELS } from './labels';
import { LeadRow, LeadStatus, useLeads } from './hooks';

const PAGE_SIZE = 20;
const STATUS_COLORS: Record<LeadStatus, string> = {
  received: 'blue',
  processing: 'gold',
  unfounded: 'default',
  case_opened: 'green',
  closed: 'default',
};

export function LeadListPage() {
  const { t, locale } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') as LeadStatus | null) ?? undefined;
  const page = Number(params.get('page') ?? 1) || 1;
  const [search, setSearch] = useState('');
  const leads = useLeads({ status, page, pageSize: PAGE_SIZE });
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const items = leads.data?.items ?? [];
    return needle ? items.filter((lead) => lead.title.toLowerCase().includes(needle) || lead.receiptNo.toLowerCase().includes(needle)) : items;
  }, [leads.data, search]);
  const setQuery = (next: { status?: string; page?: number }) => {
    const query = new URLSearchParams();
    if (next.status) query.set('status', next.status);
    if (next.page && next.page > 1) query.set('page', String(next.page));
    setParams(query);
  };

  return (
    <>
      <PageHeader
        title={t('leads.list.title')}
        extra={
          hasRole(session, 'office_officer', 'street_officer', 'unit_officer') ? (
            <Button type="primary" onClick={() => void navigate('/leads/new')}>
              {t('leads.menuNew')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Space style={{ marginBottom: 16 }} wrap>
          <Select
            aria-label={t('leads.statusFilter')}
            style={{ width: 180 }}
            value={status ?? ''}
            onChange={(value) => setQuery({ status: value || undefined })}
            options={[
              { value: '', label: t('leads.allStatuses') },
              ...Object.keys(LEAD_STATUS_LABELS).map((code) => ({ value: code, label: t(`leads.leadStatus.${code}`) })),
            ]}
          />
          <Input.Search
            aria-label={t('leads.search')}
            placeholder={t('leads.search')}
            allowClear
            style={{ width: 320 }}
            onSearch={setSearch}
            onChange={(e) => setSearch(e.target.value)}
          />
        </Space>
        <ProblemAlert error={leads.error} />
        <Table<LeadRow>
          rowKey="leadId"
          loading={leads.isPending ? { description: t('app.loading') } : false}
          dataSource={rows}
          locale={{ emptyText: <Empty description={t('leads.empty')} /> }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: leads.data?.total ?? 0,
            showTotal: (n) => t('app.total', { n }),
            onChange: (next) => setQuery({ status, page: next }),
          }}
          columns={[
            {
              title: t('leads.receiptNo'),
              dataIndex: 'receiptNo',
              width: 190,
              render: (no: string, lead) => <Link to={`/leads/${lead.leadId}`}>{no}</Link>,
            },
            {
              title: t('leads.titleField'),
              dataIndex: 'title',
              render: (title: string, lead) => (
                <Space>
                  {title}
                  {lead.major ? <Tag color="red">{t('leads.major')}</Tag> : null}
                </Space>
              ),
            },
            { title: t('leads.categoryField'), dataIndex: 'category', width: 120, render: (code: string) => t(`leads.category.${code}`) },
            { title: t('leads.streetField'), dataIndex: 'street', width: 120, render: (code?: string) => agencyName(code, locale) },
            { title: t('leads.amount'), dataIndex: 'amountYuan', width: 150, align: 'right', render: (value?: string) => formatYuan(value, locale) },
            { title: t('leads.receivedAt'), dataIndex: 'receivedAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
            {
              title: t('leads.status'),
              dataIndex: 'status',
              width: 130,
              render: (code: LeadStatus) => <Tag color={STATUS_COLORS[code]}>{t(`leads.leadStatus.${code}`)}</Tag>,
            },
          ]}
        />
      </Card>
    </>
  );
}
