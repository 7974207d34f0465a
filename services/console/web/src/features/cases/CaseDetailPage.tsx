/**
 * A case: its current state, the readable timeline the cases service writes
 * (zh-CN or English), running clocks, leads, units, meetings, the aftermath
 * register, and the actions the user's role may take in the case's state.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Card, Descriptions, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { agencyName } from '../../app/agencies';
import { Locale, useI18n } from '../../app/i18n';
import { formatDate, formatDateTime, formatYuan } from '../../app/format';
import { CaseAction, CaseView, offeredActions } from './case-actions';
import { Clock, useCase, useCaseClocks, useCaseCommand } from './hooks';
import { SchemaFormModal } from './schema-form';
import { useSession } from '../../app/session';
import { QueryView, useLabel } from './ui';
import { AftermathRegister } from './AftermathRegister';
import { clockColumns } from './clocks';

/** Agency names as the timeline's lines carry them, else from the agency list (never a bare code on screen). */
function agencyNames(view: CaseView, locale: Locale): (code: string | undefined) => string {
  const names = new Map(view.timeline.map((line) => [line.by.agency, line.by.name]));
  return (code) => (code ? (names.get(code) ?? agencyName(code, locale)) : '—');
}

function CaseActions({ view }: { view: CaseView }) {
  const { t } = useI18n();
  const session = useSession();
  const command = useCaseCommand(view.caseId);
  const [open, setOpen] = useState<CaseAction>();
  const actions = offeredActions(view.state, session).sort((a, b) => Number(!!b.primary) - Number(!!a.primary));
  return (
    <Card title={t('cases.detail.actions')} size="small">
      {actions.length === 0 ? (
        <Typography.Text type="secondary">{t('cases.detail.noActions')}</Typography.Text>
      ) : (
        <Space wrap>
          {actions.map((action) => (
            <Button key={action.key} type={action.primary ? 'primary' : 'default'} onClick={() => setOpen(action)}>
              {t(`cases.action.${action.key}`)}
            </Button>
          ))}
        </Space>
      )}
      {open ? (
        <SchemaFormModal
          open
          title={t(`cases.action.${open.key}`)}
          formKey={`cases.form.${open.key}`}
          schema={open.schema}
          fields={open.fields}
          submit={(body) => command.mutateAsync({ path: open.path, body, version: view.version })}
          onClose={() => setOpen(undefined)}
          onDone={() => setOpen(undefined)}
        />
      ) : null}
    </Card>
  );
}

function CaseFactsCard({ view }: { view: CaseView }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const name = agencyNames(view, locale);
  const { state } = view;
  const f = state.facts;
  return (
    <Descriptions bordered size="small" column={2}>
      <Descriptions.Item label={t('cases.list.status')}>
        <Tag color="blue">{label('status', state.status)}</Tag>
        {state.writtenOff ? <Tag color="green">{t('cases.detail.writtenOff')}</Tag> : null}
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.list.category')}>
        {label('category', f.category)} · {label('field', f.field)}
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.nature')}>
        {f.nature ? `${label('conclusion', f.nature.conclusion)}（${t(`cases.detail.natureBy.${f.nature.by}`)}）` : t('cases.detail.notDetermined')}
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.amount')}>{formatYuan(f.amountYuan, locale)}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.office')}>{name(f.office)}</Descriptions.Item>
      <Descriptions.Item label={t('cases.list.leadUnit')}>{name(f.leadUnit)}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.cooperating')}>{f.cooperatingUnits.map(name).join('、') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('cases.list.street')}>{name(f.street)}</Descriptions.Item>
      <Descriptions.Item label={t('cases.form.grade')}>{label('grade', f.riskGrade)}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.keyFlags')}>
        {f.keyFlags.length
          ? f.keyFlags.map((flag) => (
              <Tag key={flag} color="red">
                {label('flag', flag)}
              </Tag>
            ))
          : '—'}
      </Descriptions.Item>
      {state.authority ? <Descriptions.Item label={t('cases.form.authority')}>{name(state.authority)}</Descriptions.Item> : null}
      {state.opinion ? (
        <Descriptions.Item label={t('cases.detail.opinion')}>
          {label('conclusion', state.opinion.conclusion)}
          {state.opinion.disputed ? `（${t('cases.detail.disputed')}）` : ''}
        </Descriptions.Item>
      ) : null}
      {state.transfer ? (
        <Descriptions.Item label={t('cases.detail.transfer')}>
          {t('cases.detail.transferTo', { police: name(state.transfer.police), deadline: formatDateTime(state.transfer.deadline, locale) })}
        </Descriptions.Item>
      ) : null}
      {f.police ? <Descriptions.Item label={t('cases.detail.police')}>{name(f.police)}</Descriptions.Item> : null}
      {state.closure ? <Descriptions.Item label={t('cases.detail.closure')}>{state.closure.summary}</Descriptions.Item> : null}
      {f.leaderInCharge ? (
        <Descriptions.Item label={t('cases.action.leaderInCharge')}>
          {f.leaderInCharge.leader}（{f.leaderInCharge.post}，{formatDate(f.leaderInCharge.since, locale)}）
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}

function ClockTable({ caseId }: { caseId: string }) {
  const { t, locale } = useI18n();
  const clocks = useCaseClocks(caseId);
  return (
    <QueryView query={clocks}>
      {(page) => (
        <Table<Clock>
          rowKey="clockId"
          size="small"
          pagination={false}
          dataSource={page.items}
          locale={{ emptyText: t('cases.detail.noClocks') }}
          columns={clockColumns(t, locale)}
        />
      )}
    </QueryView>
  );
}

function UnitsAndLinks({ view }: { view: CaseView }) {
  const { t, locale } = useI18n();
  const name = agencyNames(view, locale);
  const f = view.state.facts;
  const meetings = [view.state.meetingId, view.state.districtMeetingId].filter((m): m is string => !!m);
  return (
    <Descriptions bordered size="small" column={1}>
      <Descriptions.Item label={t('cases.detail.leads')}>
        <Space orientation="vertical">
          {f.leadIds.map((id) => (
            <Link key={id} to={`/leads/${id}`}>
              {id}
            </Link>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.list.leadUnit')}>{name(f.leadUnit)}</Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.cooperating')}>{f.cooperatingUnits.map(name).join('、') || '—'}</Descriptions.Item>
      <Descriptions.Item label={t('cases.action.jointTeam')}>
        {f.team ? `${name(f.team.leader)}：${f.team.members.map(name).join('、')}` : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.action.dedicatedTeam')}>
        {f.dedicatedTeam
          ? `${f.dedicatedTeam.head}：${f.dedicatedTeam.units.map(name).join('、')}（${formatDate(f.dedicatedTeam.formedOn, locale)}）`
          : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('cases.detail.meetings')}>
        {meetings.length
          ? meetings.map((id) => (
              <Link key={id} to={`/meetings/${id}`} style={{ marginRight: 12 }}>
                {id}
              </Link>
            ))
          : '—'}
      </Descriptions.Item>
    </Descriptions>
  );
}

function CaseTimeline({ view }: { view: CaseView }) {
  const { locale } = useI18n();
  return (
    <Timeline
      items={[...view.timeline].reverse().map((line) => ({
        key: line.version,
        content: (
          <div>
            <Typography.Text type="secondary">{formatDateTime(line.at, locale)}</Typography.Text>
            <div>{line.text}</div>
          </div>
        ),
      }))}
    />
  );
}

export function CaseDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const query = useCase(id);
  return (
    <QueryView query={query}>
      {(view) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space align="baseline" wrap>
            <Link to="/cases">{t('cases.detail.back')}</Link>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {view.state.facts.caseNo}
            </Typography.Title>
          </Space>
          <Typography.Title level={4} style={{ marginTop: 0 }}>
            {view.state.facts.title}
          </Typography.Title>
          <CaseActions view={view} />
          <CaseFactsCard view={view} />
          <Tabs
            items={[
              { key: 'timeline', label: t('cases.detail.timeline'), children: <CaseTimeline view={view} /> },
              { key: 'clocks', label: t('cases.detail.clocks'), children: <ClockTable caseId={view.caseId} /> },
              { key: 'units', label: t('cases.detail.units'), children: <UnitsAndLinks view={view} /> },
              {
                key: 'aftermath',
                label: t('cases.detail.aftermath'),
                children: <AftermathRegister view={view} />,
              },
            ]}
          />
        </Space>
      )}
    </QueryView>
  );
}
