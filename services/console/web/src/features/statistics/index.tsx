/** 统计报表: reporting's statistics tables with charts by month, unit, street and field, and downloads. */
import type { ConsoleFeature } from '../../app/features';
import { messagesOf } from '../cases/locales';
import { READER_ROLES } from '../../app/session';
import { StatisticsPage } from './StatisticsPage';

export const statisticsFeature: ConsoleFeature = {
  key: 'statistics',
  menu: [
    {
      path: '/statistics',
      labelKey: 'statistics.menu',
      order: 50,
      roles: READER_ROLES,
    },
  ],
  routes: [{ path: 'statistics', element: <StatisticsPage /> }],
  messages: messagesOf({
    'statistics.menu': ['统计报表', 'Statistics'],
    'statistics.heading': ['统计报表', 'Statistics'],
    'statistics.table': ['报表', 'Table'],
    'statistics.period': ['统计期间', 'Period'],
    'statistics.periodHint': ['如 2026（年）、2026-H1（半年）、2026-Q1（季度）、2026-03（月）', 'e.g. 2026, 2026-H1, 2026-Q1, 2026-03'],
    'statistics.groupBy': ['分组方式', 'Group by'],
    'statistics.metric': ['图表指标', 'Chart column'],
    'statistics.by.month': ['按月份', 'By month'],
    'statistics.by.unit': ['按单位', 'By unit'],
    'statistics.by.street': ['按街道', 'By street'],
    'statistics.by.field': ['按领域', 'By field'],
    'statistics.by.category': ['按类别', 'By category'],
    'statistics.chart.month': ['按月份统计', 'By month'],
    'statistics.chart.unit': ['按单位统计', 'By unit'],
    'statistics.chart.street': ['按街道统计', 'By street'],
    'statistics.chart.field': ['按领域统计', 'By field'],
  }),
};
