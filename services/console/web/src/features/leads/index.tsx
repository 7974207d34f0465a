/** 线索 and 线索登记: the leads list, the agency lead form, a lead's detail with its triage actions. */
import { FileAddOutlined, FileSearchOutlined } from '@ant-design/icons';
import type { ConsoleFeature } from '../../app/features';
import { LeadDetailPage } from './LeadDetailPage';
import { LeadFormPage } from './LeadFormPage';
import { LeadListPage } from './LeadListPage';
import { leadsMessages } from './locales';

export const leadsFeature: ConsoleFeature = {
  key: 'leads',
  menu: [
    {
      path: '/leads/new',
      labelKey: 'leads.menuNew',
      icon: <FileAddOutlined />,
      roles: ['office_officer', 'street_officer', 'unit_officer'],
      order: 10,
    },
    {
      path: '/leads',
      labelKey: 'leads.menu',
      icon: <FileSearchOutlined />,
      roles: ['office_officer', 'street_officer', 'unit_officer', 'convener'],
      order: 11,
    },
  ],
  routes: [
    { path: 'leads', element: <LeadListPage /> },
    { path: 'leads/new', element: <LeadFormPage /> },
    { path: 'leads/:id', element: <LeadDetailPage /> },
  ],
  messages: leadsMessages,
};
