/** 案件: the cases the user may see, with the API's filters (status, field, street), paging, and a search within the page. */
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useI18n } from '../../app/i18n';
import { formatDateTime } from '../../app/format';
import { useUrlFilters } from '../../app/url-filters';
import { CaseRow, useCases } from './hooks';
import { EnumSelect, ProblemAlert, useLabel } from './ui';

const STREET = /^[a-z][a-z0-9-]{1,63}$/;

export function CaseListPage() {
  const { t, locale } = useI18n();
  const label = useLabel();
  const { get, page, set } = useUrlFilters();
  const [search, setSearch] = useState('');
  const [streetDraft, setStreetDraft] = useState(get('street') ?? '');
  const filters = {
    status: get('status'),
    field: get('field'),
    street: get('street'),
    page,
    pageSize: Number(get('pageSize') ?? 20) || 20,
  };
  const cases = useCases(filters);
  const streetInvalid = streetDraft !== '' && !STREET.test(streetDraft);

  const rows = useMemo(() => {
    const items = cases.data?.items ?? [];
    const q = search.trim();
    return q ? items.filter((row) => row.caseNo.includes(q) || row.title.includes(q)) : items;
  }, [cases.data, search]);

  const columns: ColumnsType<CaseRow> = [
    { title: t('cases.list.caseNo'), dataIndex: 'caseNo', render: (no: string, row) => <Link to={`/cases/${row.caseId}`}>{no}</Link> },
    { title: t('cases.list.title'), dataIndex: 'title', ellipsis: true },
    {
      title: t('cases.list.status'),
      dataIndex: 'status',
      render: (s: string) => <Tag color={s === 'closed' ? 'default' : 'blue'}>{label('status', s)}</Tag>,
    },
    { title: t('cases.list.category'), dataIndex: 'category', render: (c: string) => label('category', c) },
    { title: t('cases.list.field'), dataIndex: 'field', render: (f: string) => label('field', f) },
    { title: t('cases.list.leadUnit'), dataIndex: 'leadUnit' },
    { title: t('cases.list.openedAt'), dataIndex: 'openedAt', render: (v: string) => formatDateTime(v, locale) },
    { title: t('cases.list.updatedAt'), dataIndex: 'updatedAt', render: (v: string) => formatDateTime(v, locale) },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('cases.list.heading')}</Typography.Title>
      <Space wrap role="search" aria-label={t('cases.list.filters')}>
        <Input.Search
          aria-label={t('cases.list.search')}
          placeholder={t('cases.list.search')}
          allowClear
          onSearch={setSearch}
          onChange={(e) => setSearch(e.target.value)}
          style={{ width: 260 }}
        />
        <EnumSelect table="status" placeholder={t('cases.list.status')} value={filters.status} onChange={(status) => set({ status })} />
        <EnumSelect table="field" placeholder={t('cases.list.field')} value={filters.field} onChange={(field) => set({ field })} />
        <Input.Search
          aria-label={t('cases.list.street')}
          placeholder={t('cases.list.streetHint')}
          allowClear
          status={streetInvalid ? 'error' : undefined}
          value={streetDraft}
          onChange={(e) => setStreetDraft(e.target.value)}
          onSearch={(value) => (value === '' || STREET.test(value)) && set({ street: value })}
          style={{ width: 240 }}
        />
        {streetInvalid ? <Typography.Text type="danger">{t('cases.form.agencyPattern')}</Typography.Text> : null}
      </Space>
      {cases.isError ? <ProblemAlert problem={cases.error} /> : null}
      <Table<CaseRow>
        rowKey="caseId"
        size="middle"
        loading={cases.isFetching}
        columns={columns}
        dataSource={rows}
        locale={{ emptyText: t('cases.list.empty') }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: cases.data?.total ?? 0,
          showTotal: (total) => t('cases.list.total', { n: total }),
          onChange: (page, pageSize) => set({ page, pageSize }),
        }}
      />
    </Space>
  );
}
