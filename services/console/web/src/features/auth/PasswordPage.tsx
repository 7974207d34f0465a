/** 修改密码: forced after the first sign-in (and after a reset); the strength rules shown and checked as the console checks them. */
import { useState } from 'react';
import { Alert, App as AntApp, Button, Card, Form, Input } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { consoleFetch } from '../../app/api';
import { showProblemOn } from '../../app/forms';
import { useT } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { SESSION_KEY, useSession } from '../../app/session';
import { ProblemAlert } from '../../app/states';

/** The console's rules (design: at least 12 characters, 3 of 4 classes, not containing the username). */
export function passwordProblems(password: string, username: string): ('tooShort' | 'classes' | 'containsUsername')[] {
  const problems: ('tooShort' | 'classes' | 'containsUsername')[] = [];
  if ([...password].length < 12) problems.push('tooShort');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) problems.push('classes');
  if (username && password.toLowerCase().includes(username.toLowerCase())) problems.push('containsUsername');
  return problems;
}

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function PasswordPage() {
  const t = useT();
  const session = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const { message } = AntApp.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [alert, setAlert] = useState<unknown>();
  const change = useMutation({
    mutationFn: ({ currentPassword, newPassword }: PasswordForm) =>
      consoleFetch<void>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),
    onSuccess: async () => {
      void message.success(t('auth.password.done'));
      await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
      void navigate('/', { replace: true });
    },
    onError: (error) => setAlert(showProblemOn(form, error)),
  });

  return (
    <>
      <PageHeader title={t('auth.password.title')} />
      <Card style={{ maxWidth: 560 }}>
        {session.mustChangePassword ? <Alert type="warning" showIcon title={t('auth.password.forced')} style={{ marginBottom: 16 }} /> : null}
        <Alert type="info" title={t('auth.password.rules')} style={{ marginBottom: 16 }} />
        <ProblemAlert error={alert} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(values) => {
            setAlert(undefined);
            change.mutate(values);
          }}
        >
          <Form.Item name="currentPassword" label={t('auth.password.current')} rules={[{ required: true, message: t('auth.password.required') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('auth.password.new')}
            required
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  const problems = passwordProblems(value ?? '', session.username);
                  if (problems.length) throw new Error(problems.map((p) => t(`auth.password.${p}`)).join('；'));
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="repeat"
            label={t('auth.password.confirm')}
            required
            dependencies={['newPassword']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value !== getFieldValue('newPassword')) throw new Error(t('auth.password.mismatch'));
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            {t('app.save')}
          </Button>
        </Form>
      </Card>
    </>
  );
}
