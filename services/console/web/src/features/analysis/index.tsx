/** 分析: an analyst's own grouping of the risk ledger (reporting's /analysis), with pivot, chart, drill-down, saved analyses and exports. */
import type { ConsoleFeature } from '../../app/features';
import { READER_ROLES, RequireRole } from '../../app/session';
import { analysisMessages } from './locales';
import { AnalysisPage } from './AnalysisPage';

export const analysisFeature: ConsoleFeature = {
  key: 'analysis',
  menu: [{ path: '/analysis', labelKey: 'analysis.menu', order: 55, roles: READER_ROLES }],
  routes: [
    {
      path: 'analysis',
      element: (
        <RequireRole roles={READER_ROLES}>
          <AnalysisPage />
        </RequireRole>
      ),
    },
  ],
  messages: analysisMessages,
};
