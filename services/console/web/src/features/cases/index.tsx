/** 案件: the case list and a case's detail page with its actions. */
import type { ConsoleFeature } from '../../app/features';
import { mergeMessages } from '../../app/i18n';
import { CaseDetailPage } from './CaseDetailPage';
import { CaseListPage } from './CaseListPage';
import { labelMessages } from './labels';
import { casesMessages } from './locales';

export const casesFeature: ConsoleFeature = {
  key: 'cases',
  menu: [{ path: '/cases', labelKey: 'cases.menu', order: 20, roles: ['office_officer', 'convener', 'unit_officer', 'street_officer'] }],
  routes: [
    { path: 'cases', element: <CaseListPage /> },
    { path: 'cases/:id', element: <CaseDetailPage /> },
  ],
  messages: mergeMessages([casesMessages, labelMessages]),
};
