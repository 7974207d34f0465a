/** 两步验证: set up (the secret and otpauth URI shown as text, then a code confirms), or turn off when the agency allows. */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { consoleFetch } from '../../app/api';
import { showProblemOn } from '../../app/forms';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { SESSION_KEY, useSession } from '../../app/session';
import { ProblemAlert } from '../../app/states';

function CodeForm({
  submitLabel,
  onCode,
  pending,
  danger,
}: {
  submitLabel: string;
  onCode: (code: string) => Promise<unknown>;
  pending: boolean;
  danger?: boolean;
}) {
  const t = useT();
  const [form] = Form.useForm<{ code: string }>();
  const [alert, setAlert] = useState<unknown>();
  return (
    <>
      <ProblemAlert error={alert} />
      <Form
        form={form}
        layout="inline"
        onFinish={({ code }) => {
          setAlert(undefined);
          onCode(code).catch((error: unknown) => setAlert(showProblemOn(form, error)));
        }}
      >
        <Form.Item name="code" label={t('auth.totp')} rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('auth.required.totp') }]}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ width: 140 }} />
        </Form.Item>
        <Button type="primary" danger={danger} htmlType="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Form>
    </>
  );
}

export function TotpPage() {
  const t = useT();
  const session = useSession();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const setup = useMutation({ mutationFn: () => consoleFetch<{ secret: string; otpauthUri: string }>('/auth/totp/setup', { method: 'POST' }) });
  const confirm = useMutation({
    mutationFn: (code: string) => consoleFetch<void>('/auth/totp/confirm', { method: 'POST', body: { code } }),
    onSuccess: async () => {
      void message.success(t('auth.totp.confirmed'));
      setup.reset();
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      if (session.totpEnrolmentRequired) void navigate('/', { replace: true });
    },
  });
  const disable = useMutation({
    mutationFn: (code: string) => consoleFetch<void>('/auth/totp/disable', { method: 'POST', body: { code } }),
    onSuccess: async () => {
      void message.success(t('auth.totp.disabledDone'));
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
    },
  });

  return (
    <>
      <PageHeader title={t('auth.totp.title')} />
      <Card style={{ maxWidth: 720 }}>
        {session.totpEnrolmentRequired && !session.totpEnabled ? (
          <Alert type="warning" showIcon title={t('auth.totp.required')} style={{ marginBottom: 16 }} />
        ) : null}
        {session.totpEnabled ? (
          <Space orientation="vertical">
            <Alert type="success" showIcon title={t('auth.totp.enabled')} />
            {session.totpEnrolmentRequired ? (
              <Typography.Text type="secondary">{t('auth.totp.cannotDisable')}</Typography.Text>
            ) : (
              <>
                <Typography.Text>{t('auth.totp.disableHint')}</Typography.Text>
                <CodeForm submitLabel={t('auth.totp.disable')} danger pending={disable.isPending} onCode={(code) => disable.mutateAsync(code)} />
              </>
            )}
          </Space>
        ) : setup.data ? (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph>{t('auth.totp.step1')}</Typography.Paragraph>
            <Typography.Text strong>{t('auth.totp.secret')}</Typography.Text>
            <Typography.Paragraph copyable code style={{ fontSize: 16 }}>
              {setup.data.secret}
            </Typography.Paragraph>
            <Typography.Text strong>{t('auth.totp.uri')}</Typography.Text>
            <Typography.Paragraph copyable code style={{ wordBreak: 'break-all' }}>
              {setup.data.otpauthUri}
            </Typography.Paragraph>
            <Typography.Paragraph>{t('auth.totp.step2')}</Typography.Paragraph>
            <CodeForm submitLabel={t('auth.totp.confirm')} pending={confirm.isPending} onCode={(code) => confirm.mutateAsync(code)} />
          </Space>
        ) : (
          <Space orientation="vertical">
            <Typography.Text>{t('auth.totp.disabled')}</Typography.Text>
            <ProblemAlert error={setup.error} />
            <Button type="primary" loading={setup.isPending} onClick={() => setup.mutate()}>
              {t('auth.totp.start')}
            </Button>
          </Space>
        )}
      </Card>
    </>
  );
}
