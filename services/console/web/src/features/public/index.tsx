/** The anonymous public reporting pages: no session, outside the signed-in layout. */
import type { ConsoleFeature } from '../../app/features';
import { publicMessages } from './locales';
import { PublicReportPage, PublicStatusPage } from './PublicPages';

export const publicFeature: ConsoleFeature = {
  key: 'public',
  publicRoutes: [
    { path: '/public/report', element: <PublicReportPage /> },
    { path: '/public/status', element: <PublicStatusPage /> },
  ],
  messages: publicMessages,
};
