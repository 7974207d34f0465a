/**
 * The vocabulary of the to-do list (待办): each kind of item with its stable
 * English code, its label, the action that closes it, the deadline policy
 * whose clock gives its due time, and who in the unit acts on it.
 * A meeting task (next issue) is added here as one more kind: see
 * docs/worklist.md, "Adding a kind".
 */
import type { LabelTable, Role } from '@jm/reference';

export const TODO_KINDS = [
  'lead_verification',
  'determination',
  'police_answer',
  'declined_transfer',
  'meeting_decision',
  'city_decision_action',
  'closure_approval',
  'obligation_due',
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

export const TODO_STATES = ['open', 'closed'] as const;
export type TodoState = (typeof TODO_STATES)[number];

export const TODO_SUBJECT_KINDS = ['lead', 'case', 'meeting', 'obligation'] as const;
export type TodoSubjectKind = (typeof TODO_SUBJECT_KINDS)[number];

export interface TodoKindSpec {
  label: { 'zh-CN': string; en: string };
  /** The action that closes it: a stable code and what a person reads. */
  action: string;
  actionLabel: { 'zh-CN': string; en: string };
  /** The deadline policy whose clock (same subject and unit) gives the due time; none: no statutory clock. */
  policyId?: string;
  /** Only people of the unit holding this role act on it (the rest of the unit still sees it in the unit's list). */
  role?: Role;
}

export const TODO_KIND_SPECS: Record<TodoKind, TodoKindSpec> = {
  lead_verification: {
    label: { 'zh-CN': '分派线索待核查', en: 'Routed lead awaiting verification' },
    action: 'report_verification',
    actionLabel: { 'zh-CN': '反馈核查结果（属实立案、不实办结或逐级上报）', en: 'Report the verification (founded, unfounded or referred up)' },
    policyId: 'routed-lead-feedback',
  },
  determination: {
    label: { 'zh-CN': '待出具性质认定意见', en: 'Nature determination requested' },
    action: 'issue_determination_opinion',
    actionLabel: { 'zh-CN': '出具性质认定意见', en: 'Issue the determination opinion' },
    policyId: 'nature-determination',
  },
  police_answer: {
    label: { 'zh-CN': '移送案件待公安答复', en: "Transfer awaiting the police's answer" },
    action: 'answer_transfer',
    actionLabel: { 'zh-CN': '立案或不予立案', en: 'File the case or decline it' },
    policyId: 'police-transfer-response',
  },
  declined_transfer: {
    label: { 'zh-CN': '公安不予立案，待决定下一步', en: "Declined transfer awaiting the office's next decision" },
    action: 'decide_after_decline',
    actionLabel: { 'zh-CN': '再次移送、行政处理或结案', en: 'Transfer again, handle administratively, or close' },
    policyId: 'police-decline-next-step',
    role: 'office_officer',
  },
  meeting_decision: {
    label: { 'zh-CN': '上会案件待会议决定', en: "Case on an agenda awaiting the meeting's decision" },
    action: 'record_meeting_decision',
    actionLabel: { 'zh-CN': '记录会议决定', en: "Record the meeting's decision" },
    role: 'convener',
  },
  city_decision_action: {
    label: { 'zh-CN': '市级决定待区级落实', en: "City decision awaiting the district's action" },
    action: 'act_on_city_decision',
    actionLabel: { 'zh-CN': '落实决定（移送、行政处理、认定、上会或结案）', en: 'Act on it (transfer, measures, determination, meeting or closure)' },
    role: 'office_officer',
  },
  closure_approval: {
    label: { 'zh-CN': '结案申请待审批', en: 'Closure awaiting approval' },
    action: 'approve_or_refuse_closure',
    actionLabel: { 'zh-CN': '批准或退回结案申请', en: 'Approve or refuse the closure' },
    role: 'office_officer',
  },
  obligation_due: {
    label: { 'zh-CN': '定期报送任务', en: 'Obligation due' },
    action: 'submit_obligation',
    actionLabel: { 'zh-CN': '报送', en: 'Submit it' },
  },
};

export const TODO_STATE_LABELS: LabelTable<TodoState> = {
  open: { 'zh-CN': '待办', en: 'Open' },
  closed: { 'zh-CN': '已办结', en: 'Closed' },
};
