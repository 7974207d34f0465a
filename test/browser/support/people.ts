/** The people of the lifecycle (scripts/scenario/lead-lifecycle.ts: the agency and roles of each step). */
import type { Person } from './accounts';

export const PEOPLE = {
  street: { username: 'story-haibin-lin', displayName: '林海滨', agency: 'lc-st-haibin', roles: ['street_officer'] },
  office: { username: 'story-office-zhang', displayName: '张联办', agency: 'lc-office', roles: ['office_officer', 'convener'] },
  unit: { username: 'story-social-wu', displayName: '吴社事', agency: 'lc-social-affairs', roles: ['unit_officer'] },
  authority: { username: 'story-finance-huang', displayName: '黄金融', agency: 'lc-finance', roles: ['unit_officer'] },
  city: { username: 'story-city-he', displayName: '何市办', agency: 'qz-office', roles: ['office_officer', 'convener'] },
  police: { username: 'story-police-zheng', displayName: '郑公安', agency: 'lc-police', roles: ['unit_officer'] },
  auditor: { username: 'story-auditor-qian', displayName: '钱审计', agency: 'lc-office', roles: ['auditor'] },
  analyst: { username: 'story-analyst-sun', displayName: '孙统计', agency: 'lc-office', roles: ['analyst'] },
  otherUnit: { username: 'story-market-zhou', displayName: '周市监', agency: 'lc-market', roles: ['unit_officer'] },
} satisfies Record<string, Person>;
