/**
 * 会议: the joint meetings the user may see, scheduling one (an office's
 * officers and convener), a meeting's agenda, recording the convener's
 * decisions, and closing it (services/cases/src/meeting/meeting.decider.ts).
 */
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Button, Descriptions, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useI18n } from '../../app/i18n';
import { formatDateTime } from '../../app/format';
import { FieldSpec, SchemaFormModal, SchemaName } from '../cases/schema-form';
import { hasRole, useSession } from '../../app/session';
import { useUrlFilters } from '../../app/url-filters';
import { EnumSelect, ProblemAlert, QueryView, useLabel } from '../cases/ui';
import { Meeting, MeetingRow, useMeeting, useMeetingCommand, useMeetings, useScheduleMeeting } from './hooks';

const SCHEDULE: FieldSpec[] = [
  { name: 'level', table: 'meetingLevel' },
  { name: 'kind', table: 'meetingKind' },
  { name: 'scheduledFor' },
  { name: 'title', widget: 'text' },
];
const AGENDA: FieldSpec[] = [{ name: 'caseId' }, { name: 'question' }];
const DECISION: FieldSpec[] = [
  { name: 'caseId', widget: 'select' },
  { name: 'decision' },
  { name: 'conclusion', table: 'conclusion', requiredWhen: { field: 'decision', equals: 'determined' } },
  { name: 'text', widget: 'textarea' },
];

export function MeetingListPage() {
  const { t, locale } = useI18n();
  const label = useLabel();
  const session = useSession();
  const navigate = useNavigate();
  const { get, page, set } = useUrlFilters();
  const [scheduling, setScheduling] = useState(false);
  const schedule = useScheduleMeeting();
  const query = {
    status: get('status') as 'scheduled' | 'closed' | undefined,
    level: get('level') as 'district' | 'city' | undefined,
    page,
    pageSize: 20,
  };
  const meetings = useMeetings(query);
  const maySchedule = hasRole(session, 'office_officer', 'convener');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('meetings.heading')}</Typography.Title>
      <Space wrap>
        <EnumSelect table="meetingStatus" placeholder={t('meetings.status')} value={query.status} onChange={(v) => set({ status: v })} />
        <EnumSelect table="meetingLevel" placeholder={t('meetings.form.level')} value={query.level} onChange={(v) => set({ level: v })} />
        {maySchedule ? (
          <Button type="primary" onClick={() => setScheduling(true)}>
            {t('meetings.schedule')}
          </Button>
        ) : null}
      </Space>
      {meetings.isError ? <ProblemAlert problem={meetings.error} /> : null}
      <Table<MeetingRow>
        rowKey="meetingId"
        loading={meetings.isFetching}
        dataSource={meetings.data?.items ?? []}
        locale={{ emptyText: t('meetings.empty') }}
        pagination={{ current: query.page, pageSize: 20, total: meetings.data?.total ?? 0, onChange: (next) => set({ page: next }) }}
        columns={[
          {
            title: t('meetings.form.title'),
            dataIndex: 'title',
            render: (title: string, row) => <Link to={`/meetings/${row.meetingId}`}>{title}</Link>,
          },
          { title: t('meetings.form.level'), dataIndex: 'level', render: (v: string) => label('meetingLevel', v) },
          { title: t('meetings.form.kind'), dataIndex: 'kind', render: (v: string) => label('meetingKind', v) },
          { title: t('meetings.form.scheduledFor'), dataIndex: 'scheduledFor', render: (v: string) => formatDateTime(v, locale) },
          { title: t('meetings.status'), dataIndex: 'status', render: (v: string) => <Tag>{label('meetingStatus', v)}</Tag> },
          { title: t('meetings.agendaCount'), dataIndex: 'agendaCount' },
          { title: t('meetings.decidedCount'), dataIndex: 'decidedCount' },
        ]}
      />
      {scheduling ? (
        <SchemaFormModal
          open
          title={t('meetings.schedule')}
          schema="ScheduleMeetingDto"
          formKey="meetings.form"
          fields={SCHEDULE}
          submit={(body) => schedule.mutateAsync(body)}
          onClose={() => setScheduling(false)}
          onDone={(answer) => {
            setScheduling(false);
            const id = (answer as { meetingId?: string } | undefined)?.meetingId;
            if (id) void navigate(`/meetings/${id}`);
          }}
        />
      ) : null}
    </Space>
  );
}

interface Dialog {
  key: 'addAgenda' | 'decide';
  schema: SchemaName;
  fields: FieldSpec[];
  path: 'agenda' | 'decisions';
}

function MeetingView({ meeting }: { meeting: Meeting }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const session = useSession();
  const command = useMeetingCommand(meeting.meetingId);
  const [dialog, setDialog] = useState<Dialog>();
  const open = meeting.status === 'scheduled';
  const ofOffice = session?.agency === meeting.office;
  const staff = open && ofOffice && hasRole(session, 'office_officer', 'convener');
  const convener = open && ofOffice && hasRole(session, 'convener');
  const undecided = meeting.agenda.filter((item) => !meeting.decisions.some((d) => d.caseId === item.caseId)).map((item) => item.caseId);
  const rows = meeting.agenda.map((item) => ({ ...item, decided: meeting.decisions.find((d) => d.caseId === item.caseId) }));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/meetings">{t('meetings.back')}</Link>
      <Typography.Title level={3}>{meeting.title}</Typography.Title>
      <Descriptions bordered size="small" column={2}>
        <Descriptions.Item label={t('meetings.form.level')}>{label('meetingLevel', meeting.level)}</Descriptions.Item>
        <Descriptions.Item label={t('meetings.form.kind')}>{label('meetingKind', meeting.kind)}</Descriptions.Item>
        <Descriptions.Item label={t('meetings.form.scheduledFor')}>{formatDateTime(meeting.scheduledFor, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('meetings.status')}>{label('meetingStatus', meeting.status)}</Descriptions.Item>
      </Descriptions>
      <Space wrap>
        {staff ? (
          <Button onClick={() => setDialog({ key: 'addAgenda', schema: 'PutCaseOnAgendaDto', fields: AGENDA, path: 'agenda' })}>
            {t('meetings.addAgenda')}
          </Button>
        ) : null}
        {convener && undecided.length ? (
          <Button type="primary" onClick={() => setDialog({ key: 'decide', schema: 'RecordDecisionDto', fields: DECISION, path: 'decisions' })}>
            {t('meetings.decide')}
          </Button>
        ) : null}
        {staff ? (
          <Popconfirm
            title={t('meetings.closeConfirm')}
            okText={t('meetings.close')}
            cancelText={t('cases.ui.cancel')}
            okButtonProps={{ danger: true, autoInsertSpace: false }}
            cancelButtonProps={{ autoInsertSpace: false }}
            onConfirm={() => command.mutateAsync({ path: 'close', version: meeting.version })}
          >
            <Button danger>{t('meetings.close')}</Button>
          </Popconfirm>
        ) : null}
      </Space>
      {command.isError && !dialog ? <ProblemAlert problem={command.error} /> : null}
      <Typography.Title level={4}>{t('meetings.agenda')}</Typography.Title>
      <Table
        rowKey="caseId"
        size="small"
        pagination={false}
        dataSource={rows}
        locale={{ emptyText: t('meetings.agendaEmpty') }}
        columns={[
          { title: t('meetings.form.caseId'), dataIndex: 'caseId', render: (id: string) => <Link to={`/cases/${id}`}>{id}</Link> },
          { title: t('meetings.form.question'), dataIndex: 'question', render: (q: string) => label('question', q) },
          { title: t('meetings.source'), dataIndex: 'source', render: (s: string) => t(`meetings.source.${s}`) },
          {
            title: t('meetings.form.decision'),
            render: (_: unknown, row: (typeof rows)[number]) =>
              row.decided ? (
                <span>
                  <Tag color="green">{label('decision', row.decided.decision)}</Tag>
                  {row.decided.conclusion ? label('conclusion', row.decided.conclusion) : null} {row.decided.text}
                </span>
              ) : (
                <Typography.Text type="secondary">{t('meetings.undecided')}</Typography.Text>
              ),
          },
        ]}
      />
      {dialog ? (
        <SchemaFormModal
          open
          title={t(`meetings.${dialog.key}`)}
          schema={dialog.schema}
          formKey="meetings.form"
          fields={dialog.key === 'decide' ? DECISION.map((f) => (f.name === 'caseId' ? { ...f, options: undecided } : f)) : dialog.fields}
          initialValues={dialog.key === 'decide' && undecided.length === 1 ? { caseId: undecided[0] } : undefined}
          submit={(body) => command.mutateAsync({ path: dialog.path, body, version: meeting.version })}
          onClose={() => setDialog(undefined)}
          onDone={() => setDialog(undefined)}
        />
      ) : null}
    </Space>
  );
}

export function MeetingDetailPage() {
  const { meetingId = '' } = useParams();
  const meeting = useMeeting(meetingId);
  return <QueryView query={meeting}>{(data) => <MeetingView meeting={data} />}</QueryView>;
}
