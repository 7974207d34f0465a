/**
 * Reporting across deployments (docs/federation-reporting.md): a deployment's monthly statistics go up to
 * its parent deployment as aggregates only. `StatisticsMonthSubmitted` is stored in the sender's own stream
 * `report-statistics-<month>` (reporting's, published as stored on its topic); its bus handler sends
 * `StatisticsReportedUp` to the parent on `fed.<self>.to.<parent>.v1`. Both carry counts and amounts per
 * unit, street, field, category and fact kind: never a lead, a case, an informant or a person.
 */
import { ContractSpec, ContractUnionOf, contractDecoder, contractTypes, version1Requiring } from './contract-event';

export const STATISTICS_SUBMISSION_STREAM_PREFIX = 'report-statistics-';
export const toStatisticsSubmissionStreamId = (month: string): string => `${STATISTICS_SUBMISSION_STREAM_PREFIX}${month}`;

/** One sum of report facts of a month: a kind (and its detail) within one unit, street, field and category. */
export interface StatisticsFactFigure {
  unit: string | null;
  street: string | null;
  field: string | null;
  category: string | null;
  kind: string;
  detail: string | null;
  /** Facts. */
  n: number;
  /** Sum of the facts' amounts, fen as a decimal string (exact). */
  fen: string;
  /** Sum of the facts' quantities (participants, petitioners, defendants…). */
  qty: number;
  /** Distinct leads or cases among those facts. */
  subjects: number;
}

/** Cases in progress and transfers awaiting the police at the month's end, per case unit, street, field and category. */
export interface StatisticsSnapshotFigure {
  unit: string | null;
  street: string | null;
  field: string | null;
  category: string | null;
  inProgress: number;
  policePending: number;
}

export interface StatisticsMonthFigures {
  facts: StatisticsFactFigure[];
  snapshots: StatisticsSnapshotFigure[];
  /** Distinct leads or cases per fact kind over the whole month (a lead counted in two rows is one here). */
  subjects: Record<string, number>;
}

/** A deployment whose figures a submission includes, and which of its submissions. */
export interface StatisticsSource {
  deployment: string;
  month: string;
  /** The revision of that deployment's submission of the month (its stream version). */
  revision: number;
  /** When that submission was computed. */
  asOf: string;
  /** What that submission included in turn (a city's includes its districts). */
  includes: StatisticsSource[];
}

export interface StatisticsMonthSubmittedData {
  month: string;
  /** When the figures were computed (the service clock). */
  asOf: string;
  /** SHA-256 over the figures and includes: a submission is appended only when it changes. */
  digest: string;
  figures: StatisticsMonthFigures;
  /** The deployments below whose latest submissions are added into these figures. */
  includes: StatisticsSource[];
}

export interface StatisticsReportedUpData extends StatisticsMonthSubmittedData {
  /** The submission's revision: a later one of the same month replaces an earlier one. */
  revision: number;
}

export interface FederationReportingEventDataByType {
  StatisticsMonthSubmitted: StatisticsMonthSubmittedData;
  StatisticsReportedUp: StatisticsReportedUpData;
}

export type FederationReportingContractEventType = keyof FederationReportingEventDataByType;
export type FederationReportingContractEvent = ContractUnionOf<FederationReportingEventDataByType>;

const v1 = version1Requiring('month');

export const FEDERATION_REPORTING_CONTRACT: ContractSpec<FederationReportingContractEvent> = {
  StatisticsMonthSubmitted: v1('asOf', 'digest', 'figures', 'includes'),
  StatisticsReportedUp: v1('asOf', 'digest', 'figures', 'includes', 'revision'),
};

export const FEDERATION_REPORTING_CONTRACT_EVENT_TYPES = contractTypes(FEDERATION_REPORTING_CONTRACT);
export const decodeFederationReportingEvent = contractDecoder('federation-reporting', FEDERATION_REPORTING_CONTRACT);

/** Labels of the types (timelines); no sentence of their own, as they carry figures only. */
export const FEDERATION_REPORTING_EVENT_LABELS: Record<FederationReportingContractEventType, { 'zh-CN': string; en: string }> = {
  StatisticsMonthSubmitted: { 'zh-CN': '月度统计报送', en: 'Monthly statistics submitted' },
  StatisticsReportedUp: { 'zh-CN': '下级月度统计上报', en: 'Monthly statistics reported up' },
};
