/** A lead: its state, details, subjects, the informant (read with a purpose), its triage with the actions open to the session, and a readable history. */
import { Button, Card, Col, Descriptions, Row, Space, Table, Tag, Timeline, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { agencyName } from '../../app/agencies';
import { formatDate, formatDateTime, formatYuan } from '../../app/format';
import { Locale, Translate, useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { hasRole, useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { LeadSubject, LeadView, TriageView, useLead, useTriage } from './hooks';
import { InformantAccess } from './InformantAccess';
import { TriageActions } from './TriageActions';

/** The lead's history in words, oldest first, from what intake and the triage know. */
function historyOf(lead: LeadView, triage: TriageView | null | undefined, t: Translate, locale: Locale) {
  const items: { key: string; at?: string; text: string; color?: string }[] = [
    { key: 'received', at: lead.receivedAt, text: t('leads.t.received', { agency: agencyName(lead.receivedBy, locale) }) },
  ];
  if (lead.reportedAt) items.push({ key: 'reported', at: lead.reportedAt, text: t('leads.t.reported', { agency: agencyName(lead.office, locale) }) });
  lead.supplements.forEach((supplement, i) =>
    items.push({ key: `supplement-${i}`, at: supplement.addedAt ?? supplement.at, text: t('leads.t.supplement') }),
  );
  if (triage?.status === 'referred_up' && triage.from)
    items.push({
      key: 'referred',
      text: `${t('leads.t.referredUp', { agency: agencyName(triage.office, locale) })}${triage.reason ? `（${triage.reason}）` : ''}`,
    });
  if (triage?.routing) {
    const unit = agencyName(triage.routing.unit, locale);
    items.push({ key: 'routed', text: t('leads.t.routed', { unit, deadline: formatDateTime(triage.routing.deadline, locale) }) });
    if (triage.routing.verificationStartedAt)
      items.push({ key: 'verifying', at: triage.routing.verificationStartedAt, text: t('leads.t.verifying', { unit }) });
  }
  if (triage?.status === 'founded') items.push({ key: 'founded', text: t('leads.t.founded'), color: 'green' });
  if (triage?.status === 'closed_unfounded')
    items.push({ key: 'unfounded', text: `${t('leads.t.unfounded')}${triage.reason ? `（${triage.reason}）` : ''}`, color: 'gray' });
  return items;
}

function subjectDetail(subject: LeadSubject): string {
  return [subject.creditCode, subject.url, subject.phone, subject.account, subject.region].filter(Boolean).join(' · ');
}

export function LeadDetailPage() {
  const { id = '' } = useParams();
  const { t, locale } = useI18n();
  const session = useSession();
  const lead = useLead(id);
  // Cases answers the casework roles only (CASEWORK_ROLES); the others see the lead as intake tells it.
  const triage = useTriage(id, hasRole(session, 'office_officer', 'convener', 'unit_officer', 'street_officer'));
  if (lead.isPending) return <Loading />;
  if (lead.error) return <ErrorState error={lead.error} onRetry={() => void lead.refetch()} />;
  const view = lead.data;
  const caseId = view.caseId ?? triage.data?.caseId;
  const mayReadInformant = view.informant === 'sealed' && session.agency === view.office && hasRole(session, 'office_officer');

  return (
    <>
      <PageHeader
        title={`${view.receiptNo} ${view.title}`}
        back="/leads"
        extra={
          <>
            <Tag color="blue">{t(`leads.leadStatus.${view.publicStatus}`)}</Tag>
            {view.major ? <Tag color="red">{t('leads.major')}</Tag> : null}
            {caseId ? (
              <Link to={`/cases/${caseId}`}>
                <Button>{t('leads.openCase')}</Button>
              </Link>
            ) : null}
          </>
        }
      />
      <Row gutter={16}>
        <Col span={16}>
          <Card title={t('leads.detail.basics')} style={{ marginBottom: 16 }}>
            <Descriptions column={2} size="small">
              <Descriptions.Item label={t('leads.categoryField')}>{view.categoryLabel}</Descriptions.Item>
              <Descriptions.Item label={t('leads.fieldField')}>{view.fieldLabel}</Descriptions.Item>
              <Descriptions.Item label={t('leads.sourceField')}>{view.sourceLabel}</Descriptions.Item>
              <Descriptions.Item label={t('leads.channelField')}>{view.channelLabel}</Descriptions.Item>
              <Descriptions.Item label={t('leads.streetField')}>{agencyName(view.street, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('leads.locationField')}>{view.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('leads.occurredOnField')}>{formatDate(view.occurredOn, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('leads.amountField')}>{formatYuan(view.amountYuan, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('leads.participantsField')}>{view.participants ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('leads.receivedBy')}>{agencyName(view.receivedBy, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('leads.receivedAt')}>{formatDateTime(view.receivedAt, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('leads.reportDeadline')}>{formatDateTime(view.reportDeadline, locale)}</Descriptions.Item>
              <Descriptions.Item label={t('leads.description')} span={2}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-line', margin: 0 }}>{view.description}</Typography.Paragraph>
              </Descriptions.Item>
            </Descriptions>
          </Card>
          <Card title={t('leads.detail.subjects')} style={{ marginBottom: 16 }}>
            <Table<LeadSubject>
              size="small"
              rowKey={(subject) => JSON.stringify(subject)}
              pagination={false}
              dataSource={view.subjects}
              locale={{ emptyText: t('leads.detail.noSubjects') }}
              columns={[
                { title: t('leads.subjectKind'), dataIndex: 'kind', width: 120, render: (kind: string) => t(`leads.subjectKind.${kind}`) },
                { title: t('leads.subjectName'), dataIndex: 'name', render: (name?: string) => name ?? '—' },
                { title: t('leads.detail.identifiers'), render: (_, subject) => subjectDetail(subject) || '—' },
              ]}
            />
          </Card>
          <Card title={t('leads.detail.informant')}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <Typography.Text>{view.anonymous ? t('leads.detail.anonymous') : t(`leads.informant.${view.informant}`)}</Typography.Text>
              {mayReadInformant ? <InformantAccess leadId={view.leadId} /> : null}
            </Space>
          </Card>
        </Col>
        <Col span={8}>
          <Card title={t('leads.detail.triage')} style={{ marginBottom: 16 }}>
            {triage.isPending ? (
              <Loading />
            ) : triage.error ? (
              <ErrorState error={triage.error} onRetry={() => void triage.refetch()} />
            ) : triage.data ? (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={t('leads.status')}>{t(`leads.triageStatus.${triage.data.status}`)}</Descriptions.Item>
                  {triage.data.routing ? (
                    <>
                      <Descriptions.Item label={t('leads.detail.routedTo')}>{agencyName(triage.data.routing.unit, locale)}</Descriptions.Item>
                      <Descriptions.Item label={t('leads.detail.routingDeadline')}>
                        {formatDateTime(triage.data.routing.deadline, locale)}
                      </Descriptions.Item>
                    </>
                  ) : null}
                </Descriptions>
                <TriageActions triage={triage.data} />
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('leads.triageStatus.not_reported')}</Typography.Text>
            )}
          </Card>
          <Card title={t('leads.detail.timeline')}>
            <Timeline
              items={historyOf(view, triage.data, t, locale).map((item) => ({
                key: item.key,
                color: item.color,
                content: (
                  <>
                    <div>{item.text}</div>
                    {item.at ? <Typography.Text type="secondary">{formatDateTime(item.at, locale)}</Typography.Text> : null}
                  </>
                ),
              }))}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
