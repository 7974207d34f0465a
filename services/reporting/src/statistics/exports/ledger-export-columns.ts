/** The columns of the two ledgers in an export: item keys with zh-CN / English headers. */
import type { Lang } from '@jm/reference';
import type { ExportColumn, ExportType } from './export-writers';

type Def = [key: string, zh: string, en: string, type?: ExportType];

const LEAD_COLUMNS: Def[] = [
  ['receiptNo', '受理编号', 'Receipt no.'],
  ['title', '线索标题', 'Title'],
  ['categoryLabel', '类别', 'Category'],
  ['fieldLabel', '领域', 'Field'],
  ['sourceLabel', '线索来源', 'Source'],
  ['channelLabel', '渠道', 'Channel'],
  ['streetLabel', '所属街道', 'Street'],
  ['receivedByLabel', '首接单位', 'First receiver'],
  ['receivedAt', '接收时间', 'Received', 'date'],
  ['major', '是否重大', 'Major', 'bool'],
  ['amountYuan', '涉案金额（元）', 'Amount (yuan)', 'yuan'],
  ['participants', '参与人数', 'Participants', 'count'],
  ['companies', '涉及企业', 'Companies'],
  ['reportedAt', '上报联席办时间', 'Reported to the office', 'date'],
  ['statusLabel', '办理状态', 'Status'],
  ['unitLabel', '承办单位', 'Responsible unit'],
  ['routedAt', '分办时间', 'Routed', 'date'],
  ['verificationDeadline', '核查期限', 'Verification deadline', 'date'],
  ['feedbackAt', '反馈时间', 'Feedback', 'date'],
  ['referredToLabel', '上报至', 'Referred to'],
  ['caseId', '案件编号', 'Case id'],
  ['overdue', '是否逾期', 'Overdue', 'bool'],
  ['ageDays', '时长（天）', 'Age (days)', 'count'],
  ['lastEventAt', '最后更新', 'Last updated', 'date'],
];

const RISK_COLUMNS: Def[] = [
  ['caseNo', '案件编号', 'Case no.'],
  ['title', '案件（风险）名称', 'Case (risk)'],
  ['statusLabel', '办理状态', 'Status'],
  ['categoryLabel', '类别', 'Category'],
  ['fieldLabel', '领域', 'Field'],
  ['streetLabel', '所属街道', 'Street'],
  ['leadUnitLabel', '牵头单位', 'Lead unit'],
  ['cooperatingUnitsLabel', '配合单位', 'Cooperating units'],
  ['riskGradeLabel', '风险等级', 'Risk grade'],
  ['keyFlagsLabel', '重点案件标识', 'Key-case flags'],
  ['companies', '涉案主体', 'Companies'],
  ['amountInvolvedYuan', '涉案金额（元）', 'Amount involved (yuan)', 'yuan'],
  ['amountFrozenYuan', '冻结金额（元）', 'Frozen (yuan)', 'yuan'],
  ['amountFinedYuan', '罚没金额（元）', 'Fined (yuan)', 'yuan'],
  ['amountRefundedYuan', '清退金额（元）', 'Refunded (yuan)', 'yuan'],
  ['amountRecoveredYuan', '追赃挽损金额（元）', 'Recovered (yuan)', 'yuan'],
  ['participants', '参与人数', 'Participants', 'count'],
  ['petitions', '信访件数', 'Petitions', 'count'],
  ['natureLabel', '定性结论', 'Nature'],
  ['transferStatusLabel', '移送公安情况', 'Police status'],
  ['policeLabel', '接收公安机关', 'Police'],
  ['crossRegionsLabel', '涉及外地区', 'Other regions'],
  ['writtenOff', '是否销号', 'Written off', 'bool'],
  ['openedAt', '立案时间', 'Opened', 'date'],
  ['closedAt', '办结时间', 'Closed', 'date'],
  ['ageDays', '时长（天）', 'Age (days)', 'count'],
  ['lastEventAt', '最后更新', 'Last updated', 'date'],
];

const columns = (defs: Def[], lang: Lang): ExportColumn[] =>
  defs.map(([key, zh, en, type]) => ({ key, label: lang === 'en' ? en : zh, type: type ?? 'text' }));

export const leadExportColumns = (lang: Lang) => columns(LEAD_COLUMNS, lang);
export const riskExportColumns = (lang: Lang) => columns(RISK_COLUMNS, lang);
