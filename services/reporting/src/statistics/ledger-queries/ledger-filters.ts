/**
 * What an analyst may ask of each ledger: its filters and sorts. The DTOs, the
 * SQL queries and the risk ledger's engine queries all take these, so this
 * module imports none of them.
 */
export type SortOrder = 'asc' | 'desc';

export const LEAD_SORTS = ['receivedAt', 'amount', 'status', 'updatedAt'] as const;
export type LeadSort = (typeof LEAD_SORTS)[number];

export interface LeadLedgerFilter {
  status?: string;
  street?: string;
  unit?: string;
  field?: string;
  category?: string;
  source?: string;
  major?: boolean;
  /** China-time dates, YYYY-MM-DD, both inclusive. */
  receivedFrom?: string;
  receivedTo?: string;
  overdue?: boolean;
  q?: string;
  sort?: LeadSort;
  order?: SortOrder;
}

export const RISK_SORTS = ['openedAt', 'amountInvolved', 'amountRecovered', 'age', 'riskGrade', 'lastEventAt'] as const;
export type RiskSort = (typeof RISK_SORTS)[number];

export interface RiskLedgerFilter {
  status?: string;
  street?: string;
  /** The case's lead unit or one of its cooperating units. */
  unit?: string;
  /** The case's lead unit (牵头单位) only. */
  leadUnit?: string;
  field?: string;
  category?: string;
  riskGrade?: string;
  keyFlag?: string;
  keyCase?: boolean;
  crossProvince?: boolean;
  writtenOff?: boolean;
  open?: boolean;
  openedFrom?: string;
  openedTo?: string;
  ageOver?: number;
  sort?: RiskSort;
  order?: SortOrder;
}
