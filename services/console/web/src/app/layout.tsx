/**
 * The signed-in layout (Ant Design Pro's conventions with plain antd): a side
 * menu built from the features the session's roles may open, a header with
 * the user, agency, roles, locale switch and sign-out, the page title, and an
 * error boundary around the page.
 */
import { ReactNode, useEffect, useMemo } from 'react';
import { Button, Dropdown, Layout, Menu, Space, Tag, Typography } from 'antd';
import { GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { agencyName, agencyOf } from './agencies';
import { consoleFetch } from './api';
import type { MenuEntry } from './features';
import { useI18n } from './i18n';
import { hasRole, SESSION_KEY, SIGN_IN_PATH, useSession } from './session';
import { ErrorBoundary } from './states';

/** The menu entry a path belongs to: the longest entry path that prefixes it. */
function entryOf(pathname: string, entries: MenuEntry[]): MenuEntry | undefined {
  return entries
    .filter((entry) => pathname === entry.path || (entry.path !== '/' && pathname.startsWith(`${entry.path}/`)))
    .sort((a, b) => b.path.length - a.path.length)[0];
}

function SignOutButton() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => consoleFetch<void>('/auth/sign-out', { method: 'POST' }),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(SESSION_KEY, null);
      void navigate(SIGN_IN_PATH, { replace: true });
    },
  });
  return (
    <Button icon={<LogoutOutlined />} loading={signOut.isPending} onClick={() => signOut.mutate()}>
      {t('app.signOut')}
    </Button>
  );
}

/** `menu`: every feature's entries (App passes them: pages import this module, so it cannot import the features). */
export function ConsoleLayout({ menu }: { menu: MenuEntry[] }) {
  const { t, locale, setLocale } = useI18n();
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const entries = useMemo(
    () => menu.filter((entry) => !entry.roles || hasRole(session, ...entry.roles)).sort((a, b) => a.order - b.order),
    [menu, session],
  );
  const current = entryOf(location.pathname, entries);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider width={208} breakpoint="lg" collapsedWidth={56} theme="dark">
        <div style={{ color: '#fff', padding: '16px 16px 12px', fontWeight: 600, lineHeight: 1.4 }}>{t('app.shortTitle')}</div>
        <nav aria-label={t('app.menu')}>
          <Menu
            theme="dark"
            mode="inline"
            selectedKeys={current ? [current.path] : []}
            items={entries.map((entry) => ({ key: entry.path, icon: entry.icon, label: t(entry.labelKey) }))}
            onClick={({ key }) => void navigate(key)}
          />
        </nav>
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', padding: '0 24px', display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16 }}
        >
          <Typography.Text strong ellipsis style={{ flex: 1, minWidth: 0 }}>
            {t('app.title')}
          </Typography.Text>
          <Space size="middle" wrap={false} align="center">
            <Dropdown
              trigger={['click']}
              menu={{
                items: [
                  { key: '/account', label: t('app.myAccount') },
                  { key: '/account/password', label: t('app.changePassword') },
                  { key: '/account/totp', label: t('app.twoFactor') },
                ],
                onClick: ({ key }) => void navigate(key),
              }}
            >
              <Button type="text" icon={<UserOutlined />} aria-label={t('app.userMenu')}>
                {session.displayName}
              </Button>
            </Dropdown>
            <span
              style={{
                display: 'block',
                maxWidth: 280,
                lineHeight: '22px',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
                color: 'rgba(0, 0, 0, 0.45)',
              }}
            >
              {agencyOf(session.agency) ? agencyName(session.agency, locale) : session.agencyName}
            </span>
            <span style={{ whiteSpace: 'nowrap' }}>
              {session.roles.map((role) => (
                <Tag key={role}>{t(`app.role.${role}`)}</Tag>
              ))}
            </span>
            <Button icon={<GlobalOutlined />} onClick={() => setLocale(locale === 'en' ? 'zh-CN' : 'en')} lang={locale === 'en' ? 'zh-CN' : 'en'}>
              {t('app.language')}
            </Button>
            <SignOutButton />
          </Space>
        </Layout.Header>
        {/* antd's Layout.Content is the page's one <main> landmark. */}
        <Layout.Content style={{ margin: 24 }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Outlet />
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** A page's title (and optional actions) as Ant Design Pro's PageContainer shows it; also the document title. */
export function PageHeader({ title, extra, back }: { title: string; extra?: ReactNode; back?: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const suffix = t('app.shortTitle');
  useEffect(() => {
    document.title = `${title} - ${suffix}`;
  }, [title, suffix]);
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', marginBottom: 16, gap: 16 }}>
      <Space>
        {back ? (
          <Button type="link" onClick={() => void navigate(back)} style={{ paddingInline: 0 }}>
            {t('app.back')}
          </Button>
        ) : null}
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      </Space>
      {extra ? <Space>{extra}</Space> : null}
    </div>
  );
}
