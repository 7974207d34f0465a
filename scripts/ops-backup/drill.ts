/**
 * `npm run restore:drill -- [--from <dir>]`: rehearses a restore. Takes a fresh
 * backup unless given one, restores it into a scratch database (dropped after),
 * checks the restored log against the manifest, verifies every hash chain
 * against the anchors (the audit's verifyStore), rebuilds every service's read
 * models from the restored log (intake's, cases' and notifications' by their
 * projections alone, reporting's by its rebuild: read-model-replay.ts) and
 * compares them row for row with the source's: its live tables when the source
 * is still at the backup's head (quiet), else the source log rebuilt up to that head.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityMetadata } from 'typeorm';
import { BUS_CONSUMER_ENTITIES, ParkedEventEntity } from '@jm/bus';
import { EventStore } from '@jm/event-sourcing';
import { ReadModelSchema, ReadModelSettings, redactSecret, ShredJournal } from '@jm/platform';
import { openStore } from '../../services/reporting/src/audit/audit-store-config';
import { verifyStore } from '../../services/reporting/src/audit/audit-verification';
import { BackupError, Manifest, runBackup } from './backup';
import { comparedTables, EXCLUDED_TABLES, readModelRebuilds, RebuiltService } from './read-model-replay';
import { dropDatabase, runRestore, vaultTarget } from './restore';
import { Installation } from './settings';
import { openServiceDatabase, vaultTable } from './vault';

export interface DrillOptions {
  installation: Installation;
  /** A backup directory; without it a fresh backup is taken first (into a temporary directory). */
  from?: string;
  /** Where to restore: a postgres:// URL or a directory; default a new database jm_drill_<random> on the source's server, or a temporary directory. */
  target?: string;
  /** Keep the scratch database (and the fresh backup) for inspection. */
  keep?: boolean;
  /** How many differences of one table are listed (the count is always complete). */
  listLimit?: number;
  log: (line: string) => void;
}

export interface DrillReport {
  ok: boolean;
  backup: string;
  manifest: Manifest;
  events: number;
  streams: number;
  headPosition: number;
  comparedWith: 'live' | 'source-at-head';
  /** Per table compared (table names are unique across the services): its service, rows on each side, differences. */
  tables: Record<string, { service: RebuiltService; source: number; restored: number; differences: number }>;
  /**
   * Per service: what its tables were compared with (a quiet source's service with parked events: the source log, as
   * its live tables lack those events' writes), the events its rebuild read from the restored log, the seconds it took
   * (rebuilds and comparison), and the tables left out and why.
   */
  services: Record<
    RebuiltService,
    { comparedWith: DrillReport['comparedWith']; parked: number; events: number; seconds: number; excluded: Record<string, string> }
  >;
  vaults: Array<{ service: string; keys: number; shredded: number; shreddedByJournal: number }>;
  /** Every difference and problem, one line each; empty when the drill passed. */
  differences: string[];
}

/** A read-only view of the store up to a position: what a store at the backup's head would answer. */
export function storeUpTo(store: EventStore, head: number): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'headPosition') return async () => Math.min(head, await target.headPosition());
      if (property === 'readAllForProjection')
        return async (...args: Parameters<EventStore['readAllForProjection']>) =>
          (await target.readAllForProjection(...args)).filter((e) => e.position <= head);
      if (property === 'readAll')
        return async (...args: Parameters<EventStore['readAll']>) => (await target.readAll(...args)).filter((e) => e.position <= head);
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Every row of one table, as its entity reads it, by primary key (several columns joined by a space). */
export async function tableRows(db: DataSource, table: EntityMetadata): Promise<Map<string, Record<string, unknown>>> {
  const rows = (await db.getRepository(table.target).find()) as Array<Record<string, unknown>>;
  return new Map(rows.map((r) => [table.primaryColumns.map((c) => String(c.getEntityValue(r))).join(' '), r]));
}

/** Row-for-row comparison of one table: rows missing, extra, and each differing column. */
export function compareRows(table: string, source: Map<string, Record<string, unknown>>, restored: Map<string, Record<string, unknown>>): string[] {
  const out: string[] = [];
  for (const [key, row] of source) {
    const other = restored.get(key);
    if (!other) {
      out.push(`${table} ${key}: in the source, missing after the restore`);
      continue;
    }
    const columns = Object.keys(row).filter((c) => JSON.stringify(row[c]) !== JSON.stringify(other[c]));
    if (columns.length)
      out.push(`${table} ${key}: ${columns.map((c) => `${c} source ${JSON.stringify(row[c])} restored ${JSON.stringify(other[c])}`).join('; ')}`);
  }
  for (const key of restored.keys()) if (!source.has(key)) out.push(`${table} ${key}: not in the source, present after the restore`);
  return out;
}

/** A source service's own tables, read as they are (no migrations run on a live database). */
async function openLive(settings: ReadModelSettings, schema: ReadModelSchema): Promise<DataSource> {
  const entities = [...BUS_CONSUMER_ENTITIES, ...(schema.entities as unknown[])] as DataSource['options']['entities'];
  const db =
    settings.kind === 'postgres'
      ? new DataSource({ type: 'postgres', url: settings.url, schema: settings.schema, entities })
      : new DataSource({ type: 'better-sqlite3', database: settings.path, readonly: true, fileMustExist: true, entities });
  return db.initialize();
}

function scratchTarget(installation: Installation, work: string): string {
  if (installation.store.kind !== 'postgres') return join(work, 'restored');
  const url = new URL(installation.store.url);
  url.pathname = `/jm_drill_${randomBytes(4).toString('hex')}`;
  return url.toString();
}

export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const { installation, log } = options;
  const limit = options.listLimit ?? 20;
  const work = mkdtempSync(join(tmpdir(), 'jm-drill-'));
  const backup = options.from ?? join(work, 'backup');
  const target = options.target ?? scratchTarget(installation, work);
  const created = options.target === undefined && target.startsWith('postgres');
  const closers: Array<() => Promise<unknown>> = [];
  try {
    if (!options.from) {
      log(`== backup → ${backup}`);
      await runBackup({ installation, dir: backup, log: (l) => log(`  ${l}`) });
    }
    log(`== restore → ${target.startsWith('postgres') ? redactSecret(target) : target}`);
    const restored = await runRestore({
      from: backup,
      target,
      shredJournalPath: installation.shredJournalPath,
      keepGoingOnChecksumMismatch: true,
      log: (l) => log(`  ${l}`),
    });
    const { manifest } = restored;
    const differences = [...restored.checksumProblems.map((p) => `checksum: ${p}`)];
    const store = await openStore(restored.store);
    closers.push(() => store.close());

    log('== hash chains and anchors');
    const verified = await verifyStore(store);
    for (const p of verified.problems)
      differences.push(`chain: ${p.streamId} revision ${p.version} position ${p.position ?? '-'}: ${p.kind}: ${p.message}`);
    if (verified.events !== manifest.store.events)
      differences.push(`log: ${verified.events} events restored, the manifest says ${manifest.store.events}`);
    if (verified.headPosition !== manifest.store.headPosition)
      differences.push(`log: head position ${verified.headPosition} restored, the manifest says ${manifest.store.headPosition}`);
    if (manifest.anchor && verified.anchor?.anchorId !== manifest.anchor.anchorId && (verified.anchor?.position ?? 0) < manifest.anchor.position)
      differences.push(`anchor: the manifest's anchor ${manifest.anchor.anchorId} is not in the restored log`);
    log(
      `  ${verified.events} events in ${verified.streams} streams up to position ${verified.headPosition}; anchor ${verified.anchor?.anchorId ?? 'none'}; ${verified.problems.length} problems`,
    );

    log('== key vaults');
    const tombstones = new Set(new ShredJournal(installation.shredJournalPath).read().map((t) => t.keyId));
    const vaults: DrillReport['vaults'] = [];
    for (const v of restored.vaults) {
      const db = await openServiceDatabase({}, v.readModel);
      closers.push(() => db.destroy());
      const rows = (await db.query(`SELECT key_id, wrapped_key FROM ${vaultTable(v.readModel)}`)) as Array<{
        key_id: string;
        wrapped_key: string | null;
      }>;
      const alive = rows.filter((r) => r.wrapped_key !== null && tombstones.has(r.key_id)).map((r) => r.key_id);
      for (const keyId of alive) differences.push(`vault ${v.service}: ${keyId} is in the shred journal but its key was restored`);
      const shredded = rows.filter((r) => r.wrapped_key === null).length;
      vaults.push({ service: v.service, keys: rows.length, shredded, shreddedByJournal: v.shreddedByJournal.length });
      log(`  ${v.service}: ${rows.length} keys, ${shredded} shredded (${v.shreddedByJournal.length} of them by the journal, after the backup)`);
    }

    const source = await openStore(installation.store);
    closers.push(() => source.close());
    const sourceHead = await source.headPosition();
    const comparedWith: DrillReport['comparedWith'] = sourceHead === manifest.store.headPosition ? 'live' : 'source-at-head';
    log(
      comparedWith === 'live'
        ? '== read models rebuilt from the restored log, compared with the source, which is at the backup head: its live tables'
        : `== read models rebuilt from the restored log, compared with the source log rebuilt up to the backup head (the source moved on: head ${sourceHead}, backup ${manifest.store.headPosition})`,
    );
    const sourceAtHead = storeUpTo(source, manifest.store.headPosition);
    const tables: DrillReport['tables'] = {};
    const services = {} as DrillReport['services'];
    for (const model of readModelRebuilds(installation)) {
      const started = Date.now();
      const open = async (settings: ReadModelSettings) => {
        const db = await openServiceDatabase(model.schema, settings);
        closers.push(() => db.destroy());
        return db;
      };
      // A database of its own, never the one the restore put the vault in (on SQLite that one is the backup's copy).
      const rebuilt = await open(vaultTarget(restored.store, `rebuilt_${model.service}`));
      let against = comparedWith;
      let parked = 0;
      let sourceTables: DataSource | undefined;
      if (comparedWith === 'live') {
        const live = await openLive(installation.ownDatabase(model.service), model.schema).catch((error: Error) => {
          throw new BackupError(
            `cannot open the source's ${model.service} database (set ${model.service.toUpperCase()}_READ_MODEL_*): ${error.message}`,
          );
        });
        closers.push(() => live.destroy());
        // A parked event's writes were rolled back with its failed reaction: the live tables lack them by design.
        parked = await live
          .getRepository(ParkedEventEntity)
          .count({ where: { status: 'parked' } })
          .catch(() => 0);
        if (parked === 0) sourceTables = live;
        else {
          against = 'source-at-head';
          log(
            `  ${model.service}: ${parked} events parked in the source (docs/operations/parked-events.md), whose writes its live tables lack: compared with the source log rebuilt up to the backup head`,
          );
        }
      }
      let events: number;
      if (sourceTables) ({ events } = await model.rebuild(store, rebuilt));
      else {
        sourceTables = await open(vaultTarget(restored.store, `source_at_head_${model.service}`));
        // Two databases, two logs: the two rebuilds run side by side.
        [{ events }] = await Promise.all([model.rebuild(store, rebuilt), model.rebuild(sourceAtHead, sourceTables)]);
      }
      for (const table of comparedTables(rebuilt, model.service)) {
        const [a, b] = [await tableRows(sourceTables, table), await tableRows(rebuilt, table)];
        const diff = compareRows(`${model.service} ${table.tableName}`, a, b);
        tables[table.tableName] = { service: model.service, source: a.size, restored: b.size, differences: diff.length };
        differences.push(...diff.slice(0, limit));
        if (diff.length > limit) differences.push(`${model.service} ${table.tableName}: ${diff.length - limit} more differences`);
        log(`  ${model.service} ${table.tableName}: source ${a.size} rows, restored ${b.size} rows, ${diff.length} differences`);
      }
      const excluded = EXCLUDED_TABLES[model.service];
      services[model.service] = { comparedWith: against, parked, events, seconds: (Date.now() - started) / 1000, excluded };
      log(
        `  ${model.service}: ${events} events replayed, ${services[model.service].seconds.toFixed(1)} s${Object.keys(excluded).length ? `; not compared: ${Object.keys(excluded).join(', ')}` : ''}`,
      );
    }

    const ok = differences.length === 0;
    log(`== ${ok ? 'PASSED' : `FAILED: ${differences.length} differences`}`);
    for (const d of differences) log(`  ${d}`);
    return {
      ok,
      backup,
      manifest,
      events: verified.events,
      streams: verified.streams,
      headPosition: verified.headPosition,
      comparedWith,
      tables,
      services,
      vaults,
      differences,
    };
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    // The temporary directory holds the fresh backup and a default SQLite target: kept with them, else always removed.
    const keepWork = options.keep && (!options.from || (options.target === undefined && !created));
    if (!keepWork) rmSync(work, { recursive: true, force: true });
    if (!options.keep) {
      if (created) await dropDatabase(target).catch((error: Error) => log(`could not drop the scratch database: ${error.message}`));
    } else
      log(
        `kept: ${[keepWork ? work : '', created || options.target ? (target.startsWith('postgres') ? redactSecret(target) : target) : ''].filter(Boolean).join(' and ')}`,
      );
  }
}
