/** 登录: username and password, then a TOTP code when the answer asks for one; the OIDC button when enabled. */
import { useState } from 'react';
import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiProblem, consoleFetch } from '../../app/api';
import { formatDateTime } from '../../app/format';
import { useI18n } from '../../app/i18n';
import { pendingStep, SESSION_KEY, SessionView, useSessionQuery } from '../../app/session';
import { ProblemAlert } from '../../app/states';

interface SignInForm {
  username: string;
  password: string;
  totp?: string;
}

/** Only a path of this origin is a place to return to (never //host or a full URL). */
function safeReturnTo(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/sign-in') ? value : '/';
}

export function SignInPage() {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<SignInForm>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [needsTotp, setNeedsTotp] = useState(false);
  const session = useSessionQuery();
  const oidc = useQuery({
    queryKey: ['auth', 'oidc'],
    queryFn: () => consoleFetch<{ enabled: boolean; label?: string }>('/auth/oidc'),
    staleTime: Infinity,
  });
  const returnTo = safeReturnTo(params.get('returnTo'));

  const signIn = useMutation({
    mutationFn: (values: SignInForm) =>
      consoleFetch<{ session: SessionView }>('/auth/sign-in', {
        method: 'POST',
        body: { username: values.username.trim(), password: values.password, ...(needsTotp && values.totp ? { totp: values.totp } : {}) },
      }),
    onSuccess: ({ session: signedIn }) => {
      queryClient.setQueryData(SESSION_KEY, signedIn);
      void navigate(pendingStep(signedIn) ?? returnTo, { replace: true });
    },
    onError: (error) => {
      if (error instanceof ApiProblem && error.code === 'TOTP_REQUIRED') setNeedsTotp(true);
      if (error instanceof ApiProblem && error.code === 'TOTP_INVALID') form.setFieldValue('totp', '');
    },
  });

  if (session.data) return <Navigate to={pendingStep(session.data) ?? returnTo} replace />;

  const problem = signIn.error;
  let message: string | undefined;
  if (problem instanceof ApiProblem) {
    if (problem.code === 'SIGN_IN_THROTTLED') message = t('auth.error.throttled', { n: problem.retryAfterSeconds ?? 60 });
    else if (problem.code === 'ACCOUNT_LOCKED')
      message = problem.retryAfterSeconds
        ? t('auth.error.lockedUntil', { time: formatDateTime(new Date(Date.now() + problem.retryAfterSeconds * 1000).toISOString(), locale) })
        : t('auth.error.locked');
    else if (['SIGN_IN_FAILED', 'TOTP_REQUIRED', 'TOTP_INVALID'].includes(problem.code)) message = t(`auth.error.${problem.code}`);
  }
  // /sign-in?error=<code> from the OpenID Connect callback: its own text when known, else the code in a general one.
  const oidcError = params.get('error');
  const oidcKey = `auth.error.oidc.${oidcError}`;
  const oidcText = oidcError ? (t(oidcKey) !== oidcKey ? t(oidcKey) : t('auth.error.oidc', { code: oidcError })) : undefined;

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 400 }}>
        <main>
          <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 4 }}>
            {t('auth.signIn.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }}>
            {t('auth.signIn.subtitle')}
          </Typography.Paragraph>
          {oidcText ? <Alert role="alert" type="error" showIcon title={oidcText} style={{ marginBottom: 16 }} /> : null}
          {message ? (
            <Alert
              role="alert"
              type={problem instanceof ApiProblem && problem.code === 'TOTP_REQUIRED' ? 'info' : 'error'}
              showIcon
              title={message}
              style={{ marginBottom: 16 }}
            />
          ) : (
            <ProblemAlert error={problem} />
          )}
          <Form form={form} layout="vertical" onFinish={(values) => signIn.mutate(values)} requiredMark={false}>
            <Form.Item
              name="username"
              label={t('auth.username')}
              rules={[{ required: true, whitespace: true, message: t('auth.required.username') }]}
            >
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.required.password') }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {needsTotp ? (
              <Form.Item
                name="totp"
                label={t('auth.totp')}
                extra={t('auth.totpHelp')}
                rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('auth.required.totp') }]}
              >
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
              </Form.Item>
            ) : null}
            <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
              {t('auth.signIn.submit')}
            </Button>
          </Form>
          {oidc.data?.enabled ? (
            <>
              <Divider plain>{t('auth.signIn.or')}</Divider>
              <Button block href="/auth/oidc/start">
                {t('auth.signIn.oidc')}
              </Button>
            </>
          ) : null}
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            <Link to="/public/report">{t('auth.signIn.publicReport')}</Link>
          </div>
        </main>
      </Card>
    </div>
  );
}
