/** Roles a token can carry (issue #3); what each may do is decided in the domain. */
import { codesOf, LabelTable } from './labels';

export const ROLES = {
  office_officer: { 'zh-CN': '联席办工作人员', en: 'Joint-meeting office officer' },
  unit_officer: { 'zh-CN': '成员单位工作人员', en: 'Member unit officer' },
  street_officer: { 'zh-CN': '街道工作人员', en: 'Street officer' },
  convener: { 'zh-CN': '联席会议召集人', en: 'Joint-meeting convener' },
  analyst: { 'zh-CN': '数据分析人员', en: 'Analyst' },
  auditor: { 'zh-CN': '审计人员', en: 'Auditor' },
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
} as const satisfies LabelTable<string>;
export type Role = keyof typeof ROLES;
export const ROLE_CODES = codesOf(ROLES);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLE_CODES as string[]).includes(value);
}
