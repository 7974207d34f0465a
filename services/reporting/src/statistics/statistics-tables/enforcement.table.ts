/** 执法情况统计表: determinations, administrative measures, the police and the courts. */
import { ACTIVITY_CATEGORY_CODES } from '@jm/reference';
import { DETERMINING_BODY_LABELS } from '../vocabulary/reporting-labels';
import { amount, AggregateTableDef, count, MEASURE } from './aggregate-table';

export const ENFORCEMENT: AggregateTableDef = {
  code: 'enforcement',
  title: { 'zh-CN': '执法情况统计表', en: 'Enforcement figures' },
  columns: [
    count('casesOpened', '新立案（起）', 'Cases opened', (c) => c.count('case_opened')),
    count('casesInvestigated', '期末在查（起）', 'Under investigation at period end', (c) => c.casesInProgress, true),
    count('determinationsRequested', '提请认定（件）', 'Determinations requested', (c) => c.count('determination_requested')),
    count('determinationsIssued', '出具认定意见（件）', 'Determination opinions issued', (c) => c.count('determination_issued')),
    count('determinedIllegal', '其中认定违法（件）', 'of which illegal', (c) => c.count('determination_issued', ...ACTIVITY_CATEGORY_CODES)),
    count('determinedNotIllegal', '其中认定不违法（件）', 'of which not illegal', (c) => c.count('determination_issued', 'not_illegal')),
    ...Object.entries(DETERMINING_BODY_LABELS).map(([body, l]) =>
      count(`natureBy_${body}`, `定性：${l['zh-CN']}（件）`, `Nature determined: ${l.en}`, (c) => c.count('nature_determined', body)),
    ),
    count('penalties', '行政处罚（件）', 'Administrative penalties', MEASURE('penalty')),
    amount('penaltyAmount', '罚没金额（元）', 'Penalty amount (yuan)', (c) => c.fen('measure_taken', 'penalty')),
    count('otherMeasures', '其他行政措施（次）', 'Other administrative measures', (c) =>
      c.count('measure_taken', 'warning_talk', 'order_rectify', 'seizure', 'supervised_refund'),
    ),
    count('transfersToPolice', '移送公安（起）', 'Transfers to the police', (c) => c.count('transferred_to_police')),
    count('policeAccepted', '公安立案（起）', 'Accepted (filed) by the police', (c) => c.count('police_accepted')),
    count('policeDeclined', '公安不予立案（起）', 'Declined by the police', (c) => c.count('police_declined')),
    count('policePending', '期末待公安答复（起）', 'Awaiting the police at period end', (c) => c.policePending, true),
    count('fundsFrozen', '冻结资金（次）', 'Funds frozen', (c) => c.count('funds_frozen')),
    amount('fundsFrozenAmount', '冻结金额（元）', 'Amount frozen (yuan)', (c) => c.fen('funds_frozen')),
    amount('fundsRecovered', '追赃挽损金额（元）', 'Funds recovered (yuan)', (c) => c.fen('funds_recovered')),
    count('prosecutions', '提起公诉（起）', 'Prosecutions', (c) => c.count('prosecution')),
    count('defendants', '起诉人数（人）', 'Defendants', (c) => c.quantity('prosecution')),
    count('judgments', '判决（起）', 'Judgments', (c) => c.count('judgment')),
    amount('judgmentAmount', '判决涉案金额（元）', 'Amount in judgments (yuan)', (c) => c.fen('judgment')),
  ],
};
