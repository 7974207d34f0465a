/** 停放事件: parked events of every service and notifications' dead letters (docs/operations/parked-events.md). */
import { InboxOutlined } from '@ant-design/icons';
import type { ConsoleFeature } from '../../app/features';
import { RequireRole } from '../../app/session';
import { operationsMessages } from './locales';
import { ParkedPage } from './ParkedPage';

// The services let only the top office's admin act and its auditor read; the page shows their refusals.
const ROLES = ['admin', 'auditor'] as const;

export const operationsFeature: ConsoleFeature = {
  key: 'operations',
  menu: [{ path: '/manage/parked', labelKey: 'operations.menu', icon: <InboxOutlined />, roles: [...ROLES], order: 93 }],
  routes: [
    {
      path: 'manage/parked',
      element: (
        <RequireRole roles={[...ROLES]}>
          <ParkedPage />
        </RequireRole>
      ),
    },
  ],
  messages: operationsMessages,
};
