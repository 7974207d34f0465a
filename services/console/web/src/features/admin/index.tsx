/** 管理: accounts (admins), notification channels and the holiday calendar; under /manage, since /admin is the console's own API. */
import { CalendarOutlined, NotificationOutlined, TeamOutlined } from '@ant-design/icons';
import type { ConsoleFeature } from '../../app/features';
import { RequireRole } from '../../app/session';
import { AccountsPage } from './AccountsPage';
import { CalendarPage } from './CalendarPage';
import { ChannelsPage } from './ChannelsPage';
import { adminMessages } from './locales';

const CHANNEL_ROLES = ['admin', 'office_officer', 'unit_officer', 'street_officer'] as const;
const CALENDAR_ROLES = ['admin', 'office_officer'] as const;

export const adminFeature: ConsoleFeature = {
  key: 'admin',
  menu: [
    { path: '/manage/accounts', labelKey: 'admin.menu.accounts', icon: <TeamOutlined />, roles: ['admin'], order: 90 },
    { path: '/manage/channels', labelKey: 'admin.menu.channels', icon: <NotificationOutlined />, roles: [...CHANNEL_ROLES], order: 91 },
    { path: '/manage/calendar', labelKey: 'admin.menu.calendar', icon: <CalendarOutlined />, roles: [...CALENDAR_ROLES], order: 92 },
  ],
  routes: [
    {
      path: 'manage/accounts',
      element: (
        <RequireRole roles={['admin']}>
          <AccountsPage />
        </RequireRole>
      ),
    },
    {
      path: 'manage/channels',
      element: (
        <RequireRole roles={[...CHANNEL_ROLES]}>
          <ChannelsPage />
        </RequireRole>
      ),
    },
    {
      path: 'manage/calendar',
      element: (
        <RequireRole roles={[...CALENDAR_ROLES]}>
          <CalendarPage />
        </RequireRole>
      ),
    },
  ],
  messages: adminMessages,
};
