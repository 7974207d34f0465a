/**
 * The anonymous public pages (no session): a report, whose receipt number and
 * secret are shown once with a warning to keep them, and the follow-up page
 * asking for both (intake's /public routes, rate-limited per client).
 */
import { ReactNode, useState } from 'react';
import { Alert, Button, Card, Form, Input, Layout, Result, Space, Typography } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { api, ApiProblem, unwrap } from '../../app/api';
import { showProblemOn } from '../../app/forms';
import { useI18n } from '../../app/i18n';
import { ProblemAlert } from '../../app/states';
import { LeadFields, LeadFormValues, leadBody } from '../leads/LeadFields';

function PublicLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t, locale, setLocale } = useI18n();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#fff', display: 'flex', alignItems: 'center', justifyContent: 'space-between', padding: '0 24px' }}>
        <Typography.Text strong>{t('public.title')}</Typography.Text>
        <Space>
          <Link to="/public/report">{t('public.toReport')}</Link>
          <Link to="/public/status">{t('public.toStatus')}</Link>
          <Link to="/sign-in">{t('public.toSignIn')}</Link>
          <Button icon={<GlobalOutlined />} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')}>
            {t('app.language')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24, maxWidth: 1000, margin: '0 auto', width: '100%' }}>
        <Typography.Title level={3}>{title}</Typography.Title>
        {children}
      </Layout.Content>
    </Layout>
  );
}

/** A 429's wait in words; any other problem as it came. */
function PublicProblem({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (error instanceof ApiProblem && error.status === 429)
    return (
      <Alert role="alert" type="error" showIcon title={t('public.throttled', { n: error.retryAfterSeconds ?? 60 })} style={{ marginBottom: 16 }} />
    );
  return <ProblemAlert error={error} />;
}

export function PublicReportPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<LeadFormValues>();
  const navigate = useNavigate();
  const [alert, setAlert] = useState<unknown>();
  const submit = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      unwrap<{ receiptNo: string; secret: string }>(api.intake.POST('/public/leads', { body: body as never })),
    onError: (error) => setAlert(showProblemOn(form, error)),
  });

  if (submit.data) {
    const { receiptNo, secret } = submit.data;
    return (
      <PublicLayout title={t('public.report.done')}>
        <Card>
          <Result
            status="success"
            title={t('public.report.done')}
            subTitle={<Alert role="alert" type="warning" showIcon title={t('public.report.keep')} style={{ textAlign: 'left', marginTop: 16 }} />}
            extra={[
              <Button key="status" type="primary" onClick={() => void navigate('/public/status')}>
                {t('public.report.kept')}
              </Button>,
              <Button
                key="again"
                onClick={() => {
                  form.resetFields();
                  submit.reset();
                }}
              >
                {t('public.report.another')}
              </Button>,
            ]}
          >
            <Space orientation="vertical" size="middle">
              <div>
                <Typography.Text type="secondary">{t('public.report.receiptNo')}</Typography.Text>
                <Typography.Paragraph copyable code style={{ fontSize: 20, margin: 0 }}>
                  {receiptNo}
                </Typography.Paragraph>
              </div>
              <div>
                <Typography.Text type="secondary">{t('public.report.secret')}</Typography.Text>
                <Typography.Paragraph copyable code style={{ fontSize: 20, margin: 0 }}>
                  {secret}
                </Typography.Paragraph>
              </div>
            </Space>
          </Result>
        </Card>
      </PublicLayout>
    );
  }

  return (
    <PublicLayout title={t('public.report.title')}>
      <Card>
        <Alert type="info" title={t('public.report.intro')} style={{ marginBottom: 16 }} />
        <PublicProblem error={alert} />
        <Form<LeadFormValues>
          form={form}
          layout="vertical"
          initialValues={{ major: false, subjects: [] }}
          scrollToFirstError
          onFinish={(values) => {
            setAlert(undefined);
            submit.mutate(leadBody(values));
          }}
        >
          <LeadFields kind="public" />
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            {t('public.report.submit')}
          </Button>
        </Form>
      </Card>
    </PublicLayout>
  );
}

export function PublicStatusPage() {
  const { t } = useI18n();
  const [form] = Form.useForm<{ receiptNo: string; secret: string }>();
  const lookUp = useMutation({
    mutationFn: ({ receiptNo, secret }: { receiptNo: string; secret: string }) =>
      unwrap<{ receiptNo: string; status: string; label: string }>(
        api.intake.GET('/public/leads/status', { params: { header: { 'X-Receipt-No': receiptNo.trim(), 'X-Receipt-Secret': secret.trim() } } }),
      ),
  });
  const notFound = lookUp.error instanceof ApiProblem && lookUp.error.status === 404;

  return (
    <PublicLayout title={t('public.status.title')}>
      <Card style={{ maxWidth: 560 }}>
        <Typography.Paragraph>{t('public.status.intro')}</Typography.Paragraph>
        {notFound ? (
          <Alert role="alert" type="error" showIcon title={t('public.status.notFound')} style={{ marginBottom: 16 }} />
        ) : (
          <PublicProblem error={lookUp.error} />
        )}
        <Form form={form} layout="vertical" onFinish={(values) => lookUp.mutate(values)}>
          <Form.Item
            name="receiptNo"
            label={t('public.status.receiptNo')}
            rules={[{ required: true, whitespace: true, message: t('public.status.required.receiptNo') }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="secret"
            label={t('public.status.secret')}
            rules={[{ required: true, whitespace: true, message: t('public.status.required.secret') }]}
          >
            <Input.Password autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={lookUp.isPending}>
            {t('public.status.submit')}
          </Button>
        </Form>
        {lookUp.data ? (
          <Result status="info" title={lookUp.data.label} subTitle={`${t('public.status.receiptNo')}：${lookUp.data.receiptNo}`} />
        ) : null}
      </Card>
    </PublicLayout>
  );
}
