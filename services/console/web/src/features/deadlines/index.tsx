/** 期限: clocks and obligations, and which units are late (notifications). */
import type { ConsoleFeature } from '../../app/features';
import { messagesOf } from '../cases/locales';
import { READER_ROLES } from '../../app/session';
import { DeadlinesPage } from './DeadlinesPage';

export const deadlinesFeature: ConsoleFeature = {
  key: 'deadlines',
  menu: [
    {
      path: '/deadlines',
      labelKey: 'deadlines.menu',
      order: 60,
      roles: READER_ROLES,
    },
  ],
  routes: [{ path: 'deadlines', element: <DeadlinesPage /> }],
  messages: messagesOf({
    'deadlines.menu': ['期限', 'Deadlines'],
    'deadlines.heading': ['期限管理', 'Deadlines'],
    'deadlines.unitCounts': ['各单位待办', 'Open items per unit'],
    'deadlines.open': ['待办', 'Open'],
    'deadlines.dueSoon': ['{n} 天内到期', 'Due within {n} days'],
    'deadlines.overdue': ['已逾期', 'Overdue'],
    'deadlines.lateUnits': ['逾期单位', 'Late units'],
    'deadlines.noLateUnits': ['没有逾期单位', 'No unit is late'],
    'deadlines.missedClocks': ['逾期计时', 'Missed clocks'],
    'deadlines.lateObligations': ['逾期或未报送', 'Late or missing submissions'],
    'deadlines.clocks': ['办理时限', 'Clocks'],
    'deadlines.obligations': ['定期报送', 'Periodic submissions'],
    'deadlines.missedAt': ['逾期时间', 'Missed at'],
    'deadlines.submittedAt': ['报送时间', 'Submitted'],
    'deadlines.filter.clockStatus': ['计时状态', 'Clock status'],
    'deadlines.filter.missed': ['是否逾期', 'Missed'],
    'deadlines.filter.policyId': ['计时事项', 'Clock kind'],
    'deadlines.filter.unit': ['单位代码', 'Unit code'],
    'deadlines.filter.obligationStatus': ['报送状态', 'Status'],
    'deadlines.filter.kind': ['报送事项', 'Kind'],
    'deadlines.filter.period': ['期间，如 2026-Q4', 'Period, e.g. 2026-Q4'],
    'deadlines.clockStatus.running': ['计时中', 'Running'],
    'deadlines.clockStatus.paused': ['已暂停', 'Paused'],
    'deadlines.clockStatus.stopped': ['已停止', 'Stopped'],
    'deadlines.missed.true': ['已逾期', 'Missed'],
    'deadlines.missed.false': ['未逾期', 'Not missed'],
    'deadlines.obligationStatus.due': ['待报送', 'Due'],
    'deadlines.obligationStatus.submitted': ['已报送', 'Submitted'],
    'deadlines.obligationStatus.late': ['逾期报送', 'Late'],
    'deadlines.obligationStatus.missing': ['逾期未报送', 'Missing'],
    'deadlines.kind.monthly_risk_ledger': ['月度风险动态管理台账', 'Monthly risk ledger'],
    'deadlines.kind.monthly_summary': ['月度工作小结', 'Monthly summary'],
    'deadlines.kind.quarterly_report': ['季度工作报告', 'Quarterly report'],
    'deadlines.kind.half_year_summary': ['半年工作总结', 'Half-year summary'],
    'deadlines.kind.annual_summary': ['年度工作总结', 'Annual summary'],
  }),
};
