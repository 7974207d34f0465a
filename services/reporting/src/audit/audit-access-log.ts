/**
 * Who read what: the access log with filters. The service answers from the
 * access_log read model (projected from every access-… stream by the ledgers
 * module); the CLI reads the access streams in the store itself, with the same
 * filter and the same rows (accessLogRowOf).
 */
import { chinaDateTime, RECORD_ACCESSED, toAccessStreamId } from '@jm/contracts';
import { EventStore, StoredEvent } from '@jm/event-sourcing';
import { Page, pageOf } from '@jm/platform';
import { Lang } from '@jm/reference';
import type { DataSource } from 'typeorm';
import { ACCESS_STREAM_PREFIX, accessLogRowOf } from '../ledgers/access-log.projection';
import { AccessLogEntity, AccessLogRow } from '../read-model/read-model.tables';
import type { AgencyNames } from './audit-timeline';
import { scanStore } from './store-scan';

export interface AccessFilter {
  resourceType?: string;
  resourceId?: string;
  agency?: string;
  /** Only reads by these agencies (an auditor's jurisdiction); all when absent. */
  agencies?: string[];
  user?: string;
  /** Inclusive ISO instants. */
  from?: string;
  to?: string;
}

export interface AccessEntry extends AccessLogRow {
  agencyName: string;
  atCst: string;
}

function entryOf(row: AccessLogRow, lang: Lang, names: AgencyNames): AccessEntry {
  return { ...row, agencyName: names(row.agency, lang), atCst: chinaDateTime(row.at) };
}

/** From the read model, newest first. */
export async function queryAccessLog(
  db: DataSource,
  filter: AccessFilter,
  request: { page: number; pageSize: number; lang: Lang },
  names: AgencyNames,
): Promise<Page<AccessEntry>> {
  const qb = db.getRepository(AccessLogEntity).createQueryBuilder('a');
  if (filter.resourceType) qb.andWhere('a.resourceType = :resourceType', { resourceType: filter.resourceType });
  if (filter.resourceId) qb.andWhere('a.resourceId = :resourceId', { resourceId: filter.resourceId });
  if (filter.agency) qb.andWhere('a.agency = :agency', { agency: filter.agency });
  if (filter.agencies) qb.andWhere('a.agency IN (:...agencies)', { agencies: filter.agencies });
  if (filter.user) qb.andWhere('a.userId = :user', { user: filter.user });
  // Instants are stored as ISO-8601 UTC text of one width, so text order is time order.
  if (filter.from) qb.andWhere('a.at >= :from', { from: filter.from });
  if (filter.to) qb.andWhere('a.at <= :to', { to: filter.to });
  qb.orderBy('a.at', 'DESC').addOrderBy('a.eventId', 'ASC');
  const rows = await pageOf(qb, request.page, request.pageSize);
  return { ...rows, items: rows.items.map((r) => entryOf(r, request.lang, names)) };
}

export function matchesAccess(row: AccessLogRow, filter: AccessFilter): boolean {
  return (
    (!filter.resourceType || row.resourceType === filter.resourceType) &&
    (!filter.resourceId || row.resourceId === filter.resourceId) &&
    (!filter.agency || row.agency === filter.agency) &&
    (!filter.agencies || filter.agencies.includes(row.agency)) &&
    (!filter.user || row.userId === filter.user) &&
    (!filter.from || Date.parse(row.at) >= Date.parse(filter.from)) &&
    (!filter.to || Date.parse(row.at) <= Date.parse(filter.to))
  );
}

/** From the store's access-… streams (the CLI), newest first. */
export async function readAccessFromStore(store: EventStore, filter: AccessFilter, lang: Lang, names: AgencyNames): Promise<AccessEntry[]> {
  const rows: AccessLogRow[] = [];
  const take = (events: StoredEvent[]) => {
    for (const e of events) {
      const row = e.type === RECORD_ACCESSED ? accessLogRowOf(e) : undefined;
      if (row && matchesAccess(row, filter)) rows.push(row);
    }
  };
  if (filter.resourceType && filter.resourceId) {
    // One resource has one stream.
    take(await store.readStream(toAccessStreamId(filter.resourceType, filter.resourceId)));
  } else {
    const { pages } = await scanStore(store, {
      streamPrefixes: [filter.resourceType ? `${ACCESS_STREAM_PREFIX}${filter.resourceType}-` : ACCESS_STREAM_PREFIX],
    });
    for await (const page of pages) take(page);
  }
  return rows.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((r) => entryOf(r, lang, names));
}
