/**
 * 跨区域协商: the cross-region negotiation records the user's office holds (its notices, the negotiations other
 * regions ask of it, the disputes it decides as the common superior), one record with the case as the notifying
 * region sent it, and the two acts: the notified office's answer and the superior's decision
 * (services/cases/src/negotiation/, docs/federation-casework.md). The forms are shown to whom may act (an
 * office_officer of the holding office, the record open); the server decides and its refusals are shown as sent.
 */
import { ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App as AntApp, Button, Card, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { showProblemOn } from '../../app/forms';
import { formatDateTime, formatDeadline, formatYuan } from '../../app/format';
import { agencyName } from '../../app/agencies';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { hasRole, useSession } from '../../app/session';
import { ProblemAlert } from '../../app/states';
import { useUrlFilters } from '../../app/url-filters';
import { QueryView, useLabel } from '../cases/ui';
import {
  AnswerBody,
  DecisionBody,
  Negotiation,
  NEGOTIATION_KINDS,
  NEGOTIATION_STATUSES,
  NegotiationKind,
  NegotiationParty,
  NegotiationRow,
  NegotiationStatus,
  NegotiationSubject,
  useNegotiation,
  useNegotiationCommand,
  useNegotiations,
} from './hooks';
import { deploymentName, regionName, regionWithCode } from './places';

const PAGE_SIZE = 20;
const STATUS_COLOURS: Record<string, string> = {
  awaiting_answer: 'orange',
  awaiting_decision: 'orange',
  referred: 'blue',
  agreed: 'green',
  decided: 'green',
};
const REASON_MAX = 2000;

function StatusTag({ status, label }: { status: string; label: string }) {
  return <Tag color={STATUS_COLOURS[status]}>{label}</Tag>;
}

/** A filter of the list by one of the contract's enums (`negotiations.<field>.<code>` names each code). */
function CodeFilter(props: {
  field: 'kind' | 'status';
  codes: readonly string[];
  value?: string;
  width: number;
  onChange: (value: string | undefined) => void;
}) {
  const { t } = useI18n();
  return (
    <Select
      allowClear
      aria-label={t(`negotiations.${props.field}`)}
      placeholder={t(`negotiations.${props.field}`)}
      style={{ width: props.width }}
      value={props.value}
      onChange={(v?: string) => props.onChange(v ?? undefined)}
      options={props.codes.map((code) => ({ value: code, label: t(`negotiations.${props.field}.${code}`) }))}
    />
  );
}

export function NegotiationListPage() {
  const { t, locale } = useI18n();
  const { get, page, set } = useUrlFilters();
  const status = get('status') as NegotiationStatus | undefined;
  const kind = get('kind') as NegotiationKind | undefined;
  const list = useNegotiations({ page, pageSize: PAGE_SIZE, ...(status ? { status } : {}), ...(kind ? { kind } : {}) });
  return (
    <>
      <PageHeader title={t('negotiations.heading')} />
      <Typography.Paragraph type="secondary">{t('negotiations.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <CodeFilter field="kind" codes={NEGOTIATION_KINDS} value={kind} width={180} onChange={(v) => set({ kind: v })} />
        <CodeFilter field="status" codes={NEGOTIATION_STATUSES} value={status} width={200} onChange={(v) => set({ status: v })} />
      </Space>
      {list.isError ? <ProblemAlert error={list.error} /> : null}
      <Table<NegotiationRow>
        rowKey="negotiationId"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('negotiations.empty') }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          onChange: (next) => set({ page: next }),
          showTotal: (total) => t('negotiations.total', { total }),
        }}
        columns={[
          {
            title: t('negotiations.caseNo'),
            dataIndex: 'caseNo',
            width: 210,
            render: (caseNo: string, row) => <Link to={`/negotiations/${encodeURIComponent(row.negotiationId)}`}>{caseNo}</Link>,
          },
          { title: t('negotiations.title'), dataIndex: 'title' },
          { title: t('negotiations.kind'), dataIndex: 'kindLabel', width: 130 },
          {
            title: t('negotiations.regions'),
            width: 150,
            render: (_: unknown, row) => `${regionName(row.fromRegion, locale)} → ${regionName(row.toRegion, locale)}`,
          },
          {
            title: t('negotiations.status'),
            dataIndex: 'status',
            width: 150,
            render: (code: string, row) => <StatusTag status={code} label={row.statusLabel} />,
          },
          { title: t('negotiations.leadRegion'), dataIndex: 'leadRegion', width: 90, render: (region: string | null) => regionName(region, locale) },
          { title: t('negotiations.dueAt'), dataIndex: 'dueAt', width: 150, render: (v: string | null) => formatDeadline(v, locale) },
          { title: t('negotiations.updatedAt'), dataIndex: 'updatedAt', width: 150, render: (v: string) => formatDateTime(v, locale) },
        ]}
      />
    </>
  );
}

function subjectIdentifiers(subject: NegotiationSubject): string {
  return [subject.creditCode, subject.url, subject.phone, subject.account].filter(Boolean).join(' · ');
}

/**
 * The dialog of a command on the record (answer, decision): sent with If-Match; a refusal is shown at the field
 * it names, or above the form; done, a message and the record read again.
 */
function CommandDialog<V extends object>(props: {
  negotiation: Negotiation;
  path: 'answer' | 'decision';
  title: string;
  done: string;
  initialValues?: Partial<V>;
  toBody: (values: V) => AnswerBody | DecisionBody;
  onClose: () => void;
  children: (form: FormInstance<V>) => ReactNode;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const command = useNegotiationCommand(props.negotiation.negotiationId);
  const [form] = Form.useForm<V>();
  const [alert, setAlert] = useState<unknown>();
  return (
    <Modal
      open
      title={props.title}
      okText={t('cases.ui.submit')}
      cancelText={t('cases.ui.cancel')}
      okButtonProps={{ autoInsertSpace: false }}
      cancelButtonProps={{ autoInsertSpace: false }}
      confirmLoading={command.isPending}
      onCancel={props.onClose}
      onOk={() => form.submit()}
    >
      <ProblemAlert error={alert} />
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={props.initialValues}
        onFinish={(values) =>
          command.mutateAsync({ path: props.path, body: props.toBody(values), version: props.negotiation.version }).then(
            () => {
              void message.success(props.done);
              props.onClose();
            },
            (error: unknown) => setAlert(showProblemOn(form, error)),
          )
        }
      >
        {props.children(form)}
      </Form>
    </Modal>
  );
}

/** One of the negotiation's two regions (the lead region of an answer or a decision). */
function LeadRegionField({ negotiation }: { negotiation: Negotiation }) {
  const { t, locale } = useI18n();
  return (
    <Form.Item name="leadRegion" label={t('negotiations.form.leadRegion')} rules={[{ required: true, message: t('negotiations.v.leadRegion') }]}>
      <Radio.Group
        options={[negotiation.from.region, negotiation.to.region].map((region) => ({ value: region, label: regionWithCode(region, locale) }))}
      />
    </Form.Item>
  );
}

function ReasonField({ label }: { label: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, max: REASON_MAX, message: t('negotiations.v.reason') }]}>
      <Input.TextArea rows={4} maxLength={REASON_MAX} showCount />
    </Form.Item>
  );
}

interface AnswerValues {
  agree: boolean;
  leadRegion?: string;
  reason?: string;
}

/** The answer: agree on one of the two regions (the proposed one preselected), or disagree with a reason (the superior decides). */
function AnswerDialog({ negotiation, onClose }: { negotiation: Negotiation; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <CommandDialog<AnswerValues>
      negotiation={negotiation}
      path="answer"
      title={t('negotiations.doAnswer')}
      done={t('negotiations.answered')}
      initialValues={{ agree: true, leadRegion: negotiation.proposedLeadRegion }}
      toBody={(v) => (v.agree ? { agree: true, leadRegion: v.leadRegion } : { agree: false, reason: v.reason?.trim() })}
      onClose={onClose}
    >
      {(form) => <AnswerFields negotiation={negotiation} form={form} />}
    </CommandDialog>
  );
}

function AnswerFields({ negotiation, form }: { negotiation: Negotiation; form: FormInstance<AnswerValues> }) {
  const { t } = useI18n();
  const agree = Form.useWatch('agree', form);
  return (
    <>
      <Form.Item name="agree" label={t('negotiations.form.agree')}>
        <Radio.Group
          options={[
            { value: true, label: t('negotiations.form.agreeYes') },
            { value: false, label: t('negotiations.form.agreeNo') },
          ]}
        />
      </Form.Item>
      {agree === false ? <ReasonField label={t('negotiations.form.reason')} /> : <LeadRegionField negotiation={negotiation} />}
    </>
  );
}

/** The common superior's decision: the lead region (one of the two) and its reasons; it binds both regions. */
function DecisionDialog({ negotiation, onClose }: { negotiation: Negotiation; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <CommandDialog<DecisionBody>
      negotiation={negotiation}
      path="decision"
      title={t('negotiations.doDecide')}
      done={t('negotiations.decided')}
      toBody={(v) => ({ leadRegion: v.leadRegion, reason: v.reason.trim() })}
      onClose={onClose}
    >
      {() => (
        <>
          <LeadRegionField negotiation={negotiation} />
          <ReasonField label={t('negotiations.form.decisionReason')} />
        </>
      )}
    </CommandDialog>
  );
}

function NegotiationView({ negotiation }: { negotiation: Negotiation }) {
  const { t, locale } = useI18n();
  const label = useLabel();
  const session = useSession();
  const [dialog, setDialog] = useState<'answer' | 'decision'>();
  const party = (p: NegotiationParty) =>
    `${regionWithCode(p.region, locale)} · ${agencyName(p.office, locale)}（${deploymentName(p.deployment, locale)}）`;
  const mayAct = session?.agency === negotiation.office && hasRole(session, 'office_officer');
  const mayAnswer = mayAct && negotiation.kind === 'negotiation' && negotiation.status === 'awaiting_answer';
  const mayDecide = mayAct && negotiation.kind === 'dispute' && negotiation.status === 'awaiting_decision';
  const { answer, decision } = negotiation;
  return (
    <>
      <Link to="/negotiations">{t('negotiations.back')}</Link>
      <PageHeader
        title={`${negotiation.kindLabel} · ${negotiation.case.caseNo}`}
        extra={
          <>
            {mayAnswer ? (
              <Button type="primary" onClick={() => setDialog('answer')}>
                {t('negotiations.doAnswer')}
              </Button>
            ) : null}
            {mayDecide ? (
              <Button type="primary" onClick={() => setDialog('decision')}>
                {t('negotiations.doDecide')}
              </Button>
            ) : null}
          </>
        }
      />
      <Descriptions bordered size="small" column={2} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('negotiations.status')}>
          <StatusTag status={negotiation.status} label={negotiation.statusLabel} />
        </Descriptions.Item>
        <Descriptions.Item label={t('negotiations.dueAt')}>{formatDeadline(negotiation.dueAt, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('negotiations.caseNo')}>{negotiation.case.caseNo}</Descriptions.Item>
        <Descriptions.Item label={t('negotiations.title')}>{negotiation.case.title}</Descriptions.Item>
        <Descriptions.Item label={t('negotiations.category')}>{label('category', negotiation.case.category)}</Descriptions.Item>
        <Descriptions.Item label={t('negotiations.amount')}>{formatYuan(negotiation.case.amountYuan, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('negotiations.from')} span={2}>
          {party(negotiation.from)}
        </Descriptions.Item>
        <Descriptions.Item label={t('negotiations.to')} span={2}>
          {party(negotiation.to)}
        </Descriptions.Item>
        <Descriptions.Item label={t('negotiations.proposedLead')}>{regionWithCode(negotiation.proposedLeadRegion, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('negotiations.superior')}>{deploymentName(negotiation.superior, locale)}</Descriptions.Item>
        {answer ? (
          <Descriptions.Item label={negotiation.kind === 'negotiation' ? t('negotiations.ourAnswer') : t('negotiations.answer')} span={2}>
            {answer.agree
              ? t('negotiations.agreedOn', { region: regionWithCode(answer.leadRegion, locale) })
              : t('negotiations.disagreed', { reason: answer.reason ?? '' })}
            {` —— ${agencyName(answer.by, locale)}`}
          </Descriptions.Item>
        ) : null}
        {negotiation.referralLabel ? (
          <Descriptions.Item label={t('negotiations.referral')} span={2}>
            {negotiation.referralLabel}
          </Descriptions.Item>
        ) : null}
        {negotiation.disagreement ? (
          <Descriptions.Item label={t('negotiations.disagreement')} span={2}>
            {negotiation.disagreement}
          </Descriptions.Item>
        ) : null}
        {decision ? (
          <Descriptions.Item label={t('negotiations.decision')} span={2}>
            {t('negotiations.decisionText', { region: regionWithCode(decision.leadRegion, locale), reason: decision.reason })}
            {` —— ${agencyName(decision.by, locale)}`}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Card title={t('negotiations.subjects', { region: regionName(negotiation.to.region, locale) })} size="small">
        <Typography.Paragraph type="secondary">{t('negotiations.subjectsHint')}</Typography.Paragraph>
        <Table<NegotiationSubject>
          rowKey={(subject) => JSON.stringify(subject)}
          size="small"
          pagination={false}
          dataSource={negotiation.case.subjects}
          locale={{ emptyText: t('negotiations.noSubjects') }}
          columns={[
            { title: t('negotiations.subjectKind'), dataIndex: 'kind', width: 120, render: (kind: string) => t(`leads.subjectKind.${kind}`) },
            { title: t('negotiations.subjectName'), dataIndex: 'name', render: (name?: string) => name ?? '—' },
            { title: t('negotiations.identifiers'), render: (_: unknown, subject) => subjectIdentifiers(subject) || '—' },
            { title: t('negotiations.subjectRegion'), dataIndex: 'region', render: (region?: string) => regionWithCode(region, locale) },
          ]}
        />
      </Card>
      {dialog === 'answer' ? <AnswerDialog negotiation={negotiation} onClose={() => setDialog(undefined)} /> : null}
      {dialog === 'decision' ? <DecisionDialog negotiation={negotiation} onClose={() => setDialog(undefined)} /> : null}
    </>
  );
}

export function NegotiationDetailPage() {
  const { negotiationId = '' } = useParams();
  const negotiation = useNegotiation(negotiationId);
  return <QueryView query={negotiation}>{(data) => <NegotiationView negotiation={data} />}</QueryView>;
}
