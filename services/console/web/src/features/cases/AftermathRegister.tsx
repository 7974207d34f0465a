/**
 * The case's aftermath register (善后): persons with their claims and refunds
 * (identities masked unless the service opens them), totals, and the basic
 * entries: register a person, a claim, a refund. Who may keep the register
 * mirrors the aftermath decider: the case's office officers, its units and street.
 */
import { useState } from 'react';
import { Button, Descriptions, Space, Table, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../app/api';
import { useI18n } from '../../app/i18n';
import { formatYuan } from '../../app/format';
import type { CaseView } from './case-actions';
import { FieldSpec, SchemaFormModal, SchemaName } from './schema-form';
import { useSession } from '../../app/session';
import { QueryView, useLabel } from './ui';

interface Person {
  personId: string;
  role: string;
  identityStatus: 'open' | 'masked' | 'shredded';
  identity?: { name: string; idNumber: string; phone?: string };
  claimedYuan: string;
  refundedYuan: string;
}
interface Register {
  version: number;
  totals: {
    persons: number;
    claimants: number;
    claimedYuan: string;
    refundedYuan: string;
    personsRefunded: number;
    petitionsOpen: number;
    petitionsClosed: number;
  };
  persons: Person[];
}

interface Entry {
  key: 'registerPerson' | 'registerClaim' | 'recordRefund';
  schema: SchemaName;
  fields: FieldSpec[];
  path: string;
  personId?: string;
}

const PERSON: Omit<Entry, 'path'> = {
  key: 'registerPerson',
  schema: 'RegisterPersonDto',
  fields: [{ name: 'role', table: 'personRole' }, { name: 'name', labelKey: 'cases.form.personName' }, { name: 'idNumber' }, { name: 'phone' }],
};
const CLAIM: Omit<Entry, 'path'> = {
  key: 'registerClaim',
  schema: 'RegisterClaimDto',
  fields: [{ name: 'amountYuan' }, { name: 'date' }, { name: 'text', widget: 'textarea' }],
};
const REFUND: Omit<Entry, 'path'> = {
  key: 'recordRefund',
  schema: 'RecordRefundDto',
  fields: [{ name: 'amountYuan' }, { name: 'date' }, { name: 'overClaimReason', widget: 'textarea' }],
};

export function AftermathRegister({ view }: { view: CaseView }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const session = useSession();
  const client = useQueryClient();
  const [entry, setEntry] = useState<Entry>();
  const id = view.caseId;
  const register = useQuery({
    queryKey: ['cases', 'aftermath', id],
    queryFn: async () => (await unwrap(api.cases.GET('/cases/{id}/aftermath', { params: { path: { id } } }))) as unknown as Register,
  });
  const send = useMutation({
    mutationFn: ({ path, body }: { path: string; body: Record<string, unknown> }) =>
      unwrap(api.cases.POST(`/cases/{id}/aftermath/${path}` as '/cases/{id}/aftermath/persons', { params: { path: { id } }, body: body as never })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['cases', 'aftermath', id] }),
  });
  const f = view.state.facts;
  const keeps =
    !!session &&
    view.state.status !== 'closed' &&
    ((session.agency === f.office && session.roles.includes('office_officer')) ||
      ([f.leadUnit, ...f.cooperatingUnits, f.street].includes(session.agency) &&
        session.roles.some((r) => r === 'office_officer' || r === 'unit_officer' || r === 'street_officer' || r === 'convener')));

  return (
    <QueryView query={register}>
      {(data) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={3}>
            <Descriptions.Item label={t('cases.aftermath.persons')}>{data.totals.persons}</Descriptions.Item>
            <Descriptions.Item label={t('cases.aftermath.claimed')}>{formatYuan(data.totals.claimedYuan, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.aftermath.refunded')}>{formatYuan(data.totals.refundedYuan, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('cases.aftermath.petitionsOpen')}>{data.totals.petitionsOpen}</Descriptions.Item>
            <Descriptions.Item label={t('cases.aftermath.petitionsClosed')}>{data.totals.petitionsClosed}</Descriptions.Item>
          </Descriptions>
          {keeps ? <Button onClick={() => setEntry({ ...PERSON, path: 'persons' })}>{t('cases.action.registerPerson')}</Button> : null}
          <Table<Person>
            rowKey="personId"
            size="small"
            pagination={false}
            dataSource={data.persons}
            locale={{ emptyText: t('cases.aftermath.empty') }}
            columns={[
              { title: t('cases.form.role'), dataIndex: 'role', render: (r: string) => label('personRole', r) },
              {
                title: t('cases.form.personName'),
                render: (_, p) => (p.identityStatus === 'shredded' ? t('cases.aftermath.shredded') : (p.identity?.name ?? '—')),
              },
              { title: t('cases.form.idNumber'), render: (_, p) => p.identity?.idNumber ?? '—' },
              { title: t('cases.aftermath.claimed'), dataIndex: 'claimedYuan', render: (v: string) => formatYuan(v, locale) },
              { title: t('cases.aftermath.refunded'), dataIndex: 'refundedYuan', render: (v: string) => formatYuan(v, locale) },
              {
                title: t('cases.detail.actions'),
                render: (_, p) =>
                  keeps ? (
                    <Space>
                      <Button size="small" onClick={() => setEntry({ ...CLAIM, path: `persons/${p.personId}/claims` })}>
                        {t('cases.action.registerClaim')}
                      </Button>
                      <Button size="small" onClick={() => setEntry({ ...REFUND, path: `persons/${p.personId}/refunds` })}>
                        {t('cases.action.recordRefund')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
          {!keeps ? <Typography.Text type="secondary">{t('cases.aftermath.readOnly')}</Typography.Text> : null}
          {entry ? (
            <SchemaFormModal
              open
              title={t(`cases.action.${entry.key}`)}
              schema={entry.schema}
              fields={entry.fields}
              submit={(body) => send.mutateAsync({ path: entry.path, body })}
              onClose={() => setEntry(undefined)}
              onDone={() => setEntry(undefined)}
            />
          ) : null}
        </Space>
      )}
    </QueryView>
  );
}
