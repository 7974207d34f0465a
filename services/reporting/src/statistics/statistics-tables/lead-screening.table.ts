/** 附件3 风险线索排查处置情况统计表: leads by source and what became of them. */
import { LEAD_SOURCE_CODES, LEAD_SOURCES } from '@jm/reference';
import { AggregateTableDef, count, subjects } from './aggregate-table';

export const LEAD_SCREENING: AggregateTableDef = {
  code: 'lead-screening',
  title: { 'zh-CN': '风险线索排查处置情况统计表', en: 'Risk lead screening and handling' },
  columns: [
    ...LEAD_SOURCE_CODES.map((source) =>
      count(`received_${source}`, `${LEAD_SOURCES[source]['zh-CN']}（条）`, `Received: ${LEAD_SOURCES[source].en}`, (c) =>
        c.count('lead_received', source),
      ),
    ),
    count('receivedTotal', '线索合计（条）', 'Leads received, total', (c) => c.count('lead_received')),
    count('verified', '已核查（条）', 'Verified', (c) => c.count('lead_closed_unfounded') + c.count('lead_founded')),
    count('unfounded', '核查不实（条）', 'Unfounded', (c) => c.count('lead_closed_unfounded')),
    count('founded', '核查属实（条）', 'Founded', (c) => c.count('lead_founded')),
    // The table's unit is the lead (条): a lead referred up district → city → province is one lead, two steps.
    subjects('referredUp', '逐级上报（条）', 'Referred up', 'lead_referred_up'),
    count('referralSteps', '逐级上报次数（次）', 'Referral steps', (c) => c.count('lead_referred_up')),
    count('casesOpened', '立案（风险）（起）', 'Cases opened', (c) => c.count('case_opened')),
    count('casesClosed', '办结（起）', 'Cases closed', (c) => c.count('case_closed')),
    count('writtenOff', '销号（起）', 'Written off', (c) => c.count('risk_written_off')),
    count('inProgress', '期末在办（起）', 'In progress at period end', (c) => c.casesInProgress, true),
  ],
};
