/**
 * 账户管理: the accounts of the agencies the admin manages: create (the one-time
 * password shown once), disable/enable, reset the password, change roles within
 * what the agency may hold, end sessions; and the agency's TOTP requirement.
 */
import { useEffect, useState } from 'react';
import { Alert, App as AntApp, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { Role } from '../../app/features';
import { formatDateTime } from '../../app/format';
import { showProblemOn } from '../../app/forms';
import { useI18n } from '../../app/i18n';
import { PageHeader } from '../../app/layout';
import { ErrorState, Loading, ProblemAlert } from '../../app/states';
import { AccountStatus, AccountView, agencyLabel, ManagedAgency, useAccounts, useAdminCommand, useManagedAgencies } from './hooks';

const PAGE_SIZE = 20;
const STATUS_COLORS: Record<AccountStatus, string> = { active: 'green', disabled: 'default', locked: 'red' };
const USERNAME = /^[a-z0-9._-]{3,32}$/;

type Dialog = { kind: 'create' } | { kind: 'disable' | 'roles'; account: AccountView };

function OneTimePassword({ password, onClose }: { password?: string; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal
      open={!!password}
      title={t('admin.oneTimePassword')}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('admin.oneTimePasswordClose')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('admin.oneTimePasswordNote')} style={{ marginBottom: 16 }} />
      <Typography.Paragraph copyable code style={{ fontSize: 20 }}>
        {password}
      </Typography.Paragraph>
    </Modal>
  );
}

function AccountDialog({
  dialog,
  agency,
  onClose,
  onPassword,
}: {
  dialog?: Dialog;
  agency: ManagedAgency;
  onClose: () => void;
  onPassword: (password: string) => void;
}) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [alert, setAlert] = useState<unknown>();
  const command = useAdminCommand<{ oneTimePassword?: string }>();
  useEffect(() => {
    if (!dialog) return;
    setAlert(undefined);
    form.resetFields();
    if (dialog?.kind === 'roles') form.setFieldsValue({ roles: dialog.account.roles });
  }, [dialog, form]);
  if (!dialog) return null;

  const roleOptions = agency.allowedRoles.map((role: Role) => ({ value: role, label: t(`app.role.${role}`) }));
  const titles = { create: t('admin.create'), disable: t('admin.disable'), roles: t('admin.changeRoles') };
  const submit = (values: { username?: string; displayName?: string; roles?: Role[]; reason?: string }) => {
    setAlert(undefined);
    const request =
      dialog.kind === 'create'
        ? {
            path: '/admin/accounts',
            body: { agency: agency.code, username: values.username, displayName: values.displayName?.trim(), roles: values.roles },
          }
        : dialog.kind === 'disable'
          ? { path: `/admin/accounts/${encodeURIComponent(dialog.account.id)}/disable`, body: { reason: values.reason?.trim() } }
          : { path: `/admin/accounts/${encodeURIComponent(dialog.account.id)}/roles`, method: 'PUT' as const, body: { roles: values.roles } };
    command.mutate(request, {
      onSuccess: (answer) => {
        onClose();
        void message.success(dialog.kind === 'create' ? t('admin.created') : t('admin.done'));
        if (answer?.oneTimePassword) onPassword(answer.oneTimePassword);
      },
      onError: (error) => setAlert(showProblemOn(form, error)),
    });
  };

  return (
    <Modal
      open
      title={titles[dialog.kind]}
      okText={t('app.confirm')}
      cancelText={t('app.cancel')}
      confirmLoading={command.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
    >
      <ProblemAlert error={alert} />
      <Form form={form} layout="vertical" onFinish={submit}>
        {dialog.kind === 'create' ? (
          <>
            <Form.Item name="username" label={t('admin.username')} rules={[{ required: true, pattern: USERNAME, message: t('admin.v.username') }]}>
              <Input autoComplete="off" maxLength={32} />
            </Form.Item>
            <Form.Item
              name="displayName"
              label={t('admin.displayName')}
              rules={[{ required: true, whitespace: true, max: 50, message: t('admin.v.displayName') }]}
            >
              <Input maxLength={50} />
            </Form.Item>
          </>
        ) : null}
        {dialog.kind === 'create' || dialog.kind === 'roles' ? (
          <Form.Item name="roles" label={t('admin.roles')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.v.roles') }]}>
            <Checkbox.Group options={roleOptions} />
          </Form.Item>
        ) : null}
        {dialog.kind === 'disable' ? (
          <Form.Item
            name="reason"
            label={t('admin.disableReason')}
            rules={[{ required: true, whitespace: true, max: 500, message: t('admin.v.reason') }]}
          >
            <Input.TextArea rows={3} maxLength={500} showCount />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

export function AccountsPage() {
  const { t, locale } = useI18n();
  const { modal, message } = AntApp.useApp();
  const agencies = useManagedAgencies();
  const [agencyCode, setAgencyCode] = useState<string>();
  const [status, setStatus] = useState<AccountStatus>();
  const [page, setPage] = useState(1);
  const [dialog, setDialog] = useState<Dialog>();
  const [password, setPassword] = useState<string>();
  const command = useAdminCommand<{ oneTimePassword?: string }>();
  const agency = agencies.data?.find((a) => a.code === agencyCode) ?? agencies.data?.[0];
  const accounts = useAccounts({ agency: agency?.code, status, page, pageSize: PAGE_SIZE }, !!agency);

  if (agencies.isPending) return <Loading />;
  if (agencies.error) return <ErrorState error={agencies.error} onRetry={() => void agencies.refetch()} />;
  if (!agency) return <Alert type="info" title={t('admin.noAgencies')} />;

  const run = (path: string, done?: (answer: { oneTimePassword?: string } | undefined) => void) =>
    command.mutate(
      { path },
      {
        onSuccess: (answer) => {
          void message.success(t('admin.done'));
          done?.(answer);
        },
      },
    );
  const confirmThen = (text: string, path: string) =>
    modal.confirm({
      title: text,
      okText: t('app.confirm'),
      cancelText: t('app.cancel'),
      onOk: () => run(path, (answer) => answer?.oneTimePassword && setPassword(answer.oneTimePassword)),
    });
  const accountPath = (account: AccountView, action: string) => `/admin/accounts/${encodeURIComponent(account.id)}/${action}`;

  return (
    <>
      <PageHeader
        title={t('admin.accounts.title')}
        extra={
          <Button type="primary" onClick={() => setDialog({ kind: 'create' })}>
            {t('admin.create')}
          </Button>
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }} size="large">
          <Select
            aria-label={t('admin.agency')}
            style={{ width: 320 }}
            value={agency.code}
            onChange={(code) => {
              setAgencyCode(code);
              setPage(1);
            }}
            options={agencies.data.map((a) => ({ value: a.code, label: agencyLabel(a, locale) }))}
          />
          <Select
            aria-label={t('admin.status')}
            style={{ width: 160 }}
            value={status ?? ''}
            onChange={(value) => {
              setStatus((value || undefined) as AccountStatus | undefined);
              setPage(1);
            }}
            options={[
              { value: '', label: t('admin.allStatuses') },
              ...(['active', 'disabled', 'locked'] as const).map((s) => ({ value: s, label: t(`admin.status.${s}`) })),
            ]}
          />
          <Space>
            <Switch
              id="totp-required"
              checked={agency.totpRequired}
              loading={command.isPending}
              onChange={(totpRequired) =>
                command.mutate(
                  { path: `/admin/agencies/${encodeURIComponent(agency.code)}/security`, method: 'PUT', body: { totpRequired } },
                  { onSuccess: () => void message.success(t('admin.totpRequiredSaved')) },
                )
              }
            />
            <label htmlFor="totp-required">{t('admin.totpRequired')}</label>
          </Space>
        </Space>
        <ProblemAlert error={accounts.error ?? command.error} />
        <Table<AccountView>
          rowKey="id"
          loading={accounts.isPending ? { description: t('app.loading') } : false}
          dataSource={accounts.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: accounts.data?.total ?? 0,
            showTotal: (n) => t('app.total', { n }),
            onChange: setPage,
          }}
          columns={[
            { title: t('admin.username'), dataIndex: 'username', width: 140 },
            {
              title: t('admin.displayName'),
              dataIndex: 'displayName',
              render: (name: string, account) => (
                <Space size={4} wrap>
                  {name}
                  {account.external ? <Tag>{t('admin.external')}</Tag> : null}
                  {account.mustChangePassword ? <Tag color="orange">{t('admin.mustChange')}</Tag> : null}
                </Space>
              ),
            },
            {
              title: t('admin.roles'),
              dataIndex: 'roles',
              render: (roles: Role[]) => roles.map((role) => <Tag key={role}>{t(`app.role.${role}`)}</Tag>),
            },
            {
              title: t('admin.status'),
              dataIndex: 'status',
              width: 90,
              render: (s: AccountStatus) => <Tag color={STATUS_COLORS[s]}>{t(`admin.status.${s}`)}</Tag>,
            },
            { title: t('admin.totp'), dataIndex: 'totpEnabled', width: 90, render: (on: boolean) => (on ? t('app.yes') : t('app.no')) },
            { title: t('admin.lastSignInAt'), dataIndex: 'lastSignInAt', width: 150, render: (at?: string) => formatDateTime(at, locale) },
            {
              title: t('app.actions'),
              width: 300,
              render: (_, account) => (
                <Space size={0} wrap>
                  {/* A disabled account is enabled again; a locked one may be unlocked (enabled) or disabled. */}
                  {account.status !== 'active' ? (
                    <Button type="link" size="small" onClick={() => run(accountPath(account, 'enable'))}>
                      {t('admin.enable')}
                    </Button>
                  ) : null}
                  {account.status !== 'disabled' ? (
                    <Button type="link" size="small" danger onClick={() => setDialog({ kind: 'disable', account })}>
                      {t('admin.disable')}
                    </Button>
                  ) : null}
                  {account.external ? null : (
                    <Button
                      type="link"
                      size="small"
                      onClick={() => confirmThen(t('admin.resetConfirm', { name: account.displayName }), accountPath(account, 'reset-password'))}
                    >
                      {t('admin.resetPassword')}
                    </Button>
                  )}
                  <Button type="link" size="small" onClick={() => setDialog({ kind: 'roles', account })}>
                    {t('admin.changeRoles')}
                  </Button>
                  <Button
                    type="link"
                    size="small"
                    onClick={() => confirmThen(t('admin.revokeConfirm', { name: account.displayName }), accountPath(account, 'revoke-sessions'))}
                  >
                    {t('admin.revokeSessions')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <AccountDialog dialog={dialog} agency={agency} onClose={() => setDialog(undefined)} onPassword={setPassword} />
      <OneTimePassword password={password} onClose={() => setPassword(undefined)} />
    </>
  );
}
