/**
 * Readable timelines replayed from the store: one stream, or everything in a
 * time range (optionally of some event types or one acting agency), each entry
 * with who did what and when (UTC and China Standard Time) in zh-CN or English.
 * The state of a case as it was at a moment: the case's contract events up to
 * that moment folded into its published summary (foldCaseSummary, the fold the
 * cases decider builds on).
 */
import {
  CASE_STATUS_LABELS,
  CaseSummary,
  chinaDateTime,
  describeEvent,
  decodeCaseEvent,
  eventTypeLabel,
  foldCaseSummary,
  initialCaseSummary,
  NATURE_CONCLUSION_LABELS,
  toCaseStreamId,
  withSystemName,
} from '@jm/contracts';
import { EventStore, NotFoundError, StoredEvent } from '@jm/event-sourcing';
import { ACTIVITY_CATEGORIES, FIELDS, KEY_CASE_FLAGS, labelOf, Lang, RISK_GRADES } from '@jm/reference';
import type { Page } from '@jm/platform';
import { scanStore } from './store-scan';

/** Agency code → name in a language (the registry's `name`). */
export type AgencyNames = (code: string, lang: Lang) => string;

export interface TimelineEntry {
  position: number;
  streamId: string;
  version: number;
  /** ISO instant (UTC) of the event. */
  time: string;
  /** The same instant in China Standard Time, "YYYY-MM-DD HH:mm:ss". */
  timeCst: string;
  actor: { agency: string; agencyName: string; user: string };
  type: string;
  typeLabel: string;
  description: string;
  hash: string;
}

export function timelineEntry(e: StoredEvent, lang: Lang, names: AgencyNames): TimelineEntry {
  const name = withSystemName((code) => names(code, lang), lang);
  return {
    position: e.position,
    streamId: e.streamId,
    version: e.streamVersion,
    time: e.time,
    timeCst: chinaDateTime(e.time),
    actor: { agency: e.actor.agency, agencyName: name(e.actor.agency), user: e.actor.user },
    type: e.type,
    typeLabel: eventTypeLabel(e.type, lang),
    description: describeEvent(e, lang, (code) => names(code, lang)),
    hash: e.hash,
  };
}

export interface PageRequest {
  page: number;
  pageSize: number;
  lang: Lang;
}

/** One stream in revision order. */
export async function streamTimeline(store: EventStore, streamId: string, request: PageRequest, names: AgencyNames): Promise<Page<TimelineEntry>> {
  const events = await store.readStream(streamId);
  if (events.length === 0) throw new NotFoundError(`stream ${streamId}`);
  const start = (request.page - 1) * request.pageSize;
  return {
    items: events.slice(start, start + request.pageSize).map((e) => timelineEntry(e, request.lang, names)),
    total: events.length,
    page: request.page,
    pageSize: request.pageSize,
  };
}

export interface RangeFilter {
  /** Inclusive ISO instants. */
  from: string;
  to: string;
  types?: string[];
  agency?: string;
  /** Only events this accepts (the caller's jurisdiction); all when absent. */
  include?: (event: StoredEvent) => Promise<boolean>;
  /** Sees every event of the scan, in the order of the global log, before any filter. */
  observe?: (event: StoredEvent) => void;
}

/**
 * Everything in a time range, in the order of the global log. The store has no
 * index on event time, so this reads the whole log once (see docs/audit.md).
 */
export async function rangeTimeline(store: EventStore, filter: RangeFilter, request: PageRequest, names: AgencyNames): Promise<Page<TimelineEntry>> {
  const from = Date.parse(filter.from);
  const to = Date.parse(filter.to);
  const types = filter.types?.length ? new Set(filter.types) : undefined;
  const start = (request.page - 1) * request.pageSize;
  const items: TimelineEntry[] = [];
  let total = 0;
  const { pages } = await scanStore(store);
  for await (const page of pages) {
    for (const e of page) {
      filter.observe?.(e);
      const at = Date.parse(e.time);
      if (at < from || at > to || (types && !types.has(e.type)) || (filter.agency && e.actor.agency !== filter.agency)) continue;
      if (filter.include && !(await filter.include(e))) continue;
      if (total >= start && items.length < request.pageSize) items.push(timelineEntry(e, request.lang, names));
      total++;
    }
  }
  return { items, total, page: request.page, pageSize: request.pageSize };
}

export interface CaseStateAt {
  caseId: string;
  at: string;
  atCst: string;
  status: string;
  statusLabel: string;
  /** The published case summary folded from the contract events. */
  state: Exclude<CaseSummary, { status: 'none' }>;
  labels: {
    category: string;
    field: string;
    riskGrade: string | null;
    keyFlags: string[];
    nature: string | null;
    office: string;
    leadUnit: string;
    cooperatingUnits: string[];
    street: string | null;
  };
  /** What was known then: how many events of the stream, and the last one. */
  eventsApplied: number;
  eventsLater: number;
  lastEvent: TimelineEntry;
}

/**
 * The case as it was at `at`: the stream's events up to the first one after
 * `at` (a stream is written in time order; a later event never precedes an
 * earlier one), decoded by the case contract and folded as the decider folds them.
 */
export async function caseStateAt(store: EventStore, caseId: string, at: string, lang: Lang, names: AgencyNames): Promise<CaseStateAt> {
  const events = await store.readStream(toCaseStreamId(caseId));
  const moment = Date.parse(at);
  const known: StoredEvent[] = [];
  for (const e of events) {
    if (Date.parse(e.time) > moment) break;
    known.push(e);
  }
  const state = known.reduce((s, e) => foldCaseSummary(s, decodeCaseEvent(e)), initialCaseSummary());
  if (state.status === 'none') throw new NotFoundError(`case ${caseId} as of ${at} (it was not opened yet)`);
  const f = state.facts;
  const name = (code: string) => names(code, lang);
  return {
    caseId,
    at,
    atCst: chinaDateTime(at),
    status: state.status,
    statusLabel: labelOf(CASE_STATUS_LABELS, state.status, lang),
    state,
    labels: {
      category: labelOf(ACTIVITY_CATEGORIES, f.category, lang),
      field: labelOf(FIELDS, f.field, lang),
      riskGrade: f.riskGrade ? labelOf(RISK_GRADES, f.riskGrade, lang) : null,
      keyFlags: f.keyFlags.map((flag) => labelOf(KEY_CASE_FLAGS, flag, lang)),
      nature: f.nature ? labelOf(NATURE_CONCLUSION_LABELS, f.nature.conclusion, lang) : null,
      office: name(f.office),
      leadUnit: name(f.leadUnit),
      cooperatingUnits: f.cooperatingUnits.map(name),
      street: f.street ? name(f.street) : null,
    },
    eventsApplied: known.length,
    eventsLater: events.length - known.length,
    lastEvent: timelineEntry(known[known.length - 1], lang, names),
  };
}
