/**
 * The synthetic world of the reporting benchmarks: two districts with their
 * streets, member units and police, and the categories and fields their leads
 * are drawn from. One list for the event history and the ledger queries, so
 * the queries filter on values the history holds.
 */
import { FIELD_CODES, type ActivityCategory, type Field } from '@jm/reference';

export const DISTRICTS = [
  {
    office: 'lc-office',
    jurisdiction: '350502',
    streets: [
      'lc-st-haibin',
      'lc-st-linjiang',
      'lc-st-lizhong',
      'lc-st-kaiyuan',
      'lc-st-fuqiao',
      'lc-st-jiangnan',
      'lc-st-jinlong',
      'lc-st-changtai',
      'lc-hitech',
    ],
    units: ['lc-finance', 'lc-market', 'lc-propaganda', 'lc-social-affairs', 'lc-investment', 'lc-party-affairs'],
    police: 'lc-police',
    weight: 0.85,
  },
  { office: 'fz-office', jurisdiction: '350503', streets: ['fz-st-donghai'], units: ['fz-office'], police: 'fz-police', weight: 0.15 },
] as const;

/** Categories as the history draws them: fundraising three times as often as each other one. */
export const BENCH_CATEGORIES = [
  'illegal_fundraising',
  'illegal_fundraising',
  'illegal_fundraising',
  'illegal_securities',
  'illegal_futures',
  'illegal_payment',
  'illegal_forex',
  'financial_fraud',
] as const satisfies readonly ActivityCategory[];

/** Every field of the reference list but securities and futures (the fundraising campaign's fields), in its order. */
export const BENCH_FIELDS: readonly Field[] = FIELD_CODES.filter((field) => field !== 'securities_futures');
