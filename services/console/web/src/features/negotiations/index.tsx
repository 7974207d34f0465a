/** 跨区域协商: cross-region negotiations of the user's office (docs/console.md, docs/federation-casework.md). */
import type { ConsoleFeature } from '../../app/features';
import { RequireRole } from '../../app/session';
import { negotiationsMessages } from './locales';
import { NegotiationDetailPage, NegotiationListPage } from './NegotiationsPages';

// cases lists an office's records to its caseworkers; only its office_officer acts (the page shows the forms to them).
const ROLES = ['office_officer', 'convener'] as const;

export const negotiationsFeature: ConsoleFeature = {
  key: 'negotiations',
  menu: [{ path: '/negotiations', labelKey: 'negotiations.menu', roles: [...ROLES], order: 32 }],
  routes: [
    {
      path: 'negotiations',
      element: (
        <RequireRole roles={[...ROLES]}>
          <NegotiationListPage />
        </RequireRole>
      ),
    },
    {
      path: 'negotiations/:negotiationId',
      element: (
        <RequireRole roles={[...ROLES]}>
          <NegotiationDetailPage />
        </RequireRole>
      ),
    },
  ],
  messages: negotiationsMessages,
};
