/**
 * Reading the whole global log for the audit, page by page, up to the head as
 * it was when the read began (later appends are not part of this reading, so
 * every pass sees one fixed store). Auditors read the store itself, never the
 * read models (architecture.md, flow 5).
 */
import type { EventStore, StoredEvent } from '@jm/event-sourcing';

export const SCAN_PAGE_SIZE = 2000;

export interface ScanOptions {
  /** Only streams with these id prefixes. */
  streamPrefixes?: string[];
  pageSize?: number;
  /** Stop at this position (inclusive) if the store's head lies beyond it. */
  upTo?: number;
}

/** The head position a scan stops at, and the pages up to it. */
export async function scanStore(store: EventStore, options: ScanOptions = {}): Promise<{ head: number; pages: AsyncGenerator<StoredEvent[]> }> {
  const current = await store.headPosition();
  const head = options.upTo === undefined ? current : Math.min(current, options.upTo);
  return { head, pages: pagesUpTo(store, head, options) };
}

async function* pagesUpTo(store: EventStore, head: number, options: ScanOptions): AsyncGenerator<StoredEvent[]> {
  let from = 0;
  for (;;) {
    const page = await store.readAll({
      from,
      limit: options.pageSize ?? SCAN_PAGE_SIZE,
      ...(options.streamPrefixes ? { streamPrefixes: options.streamPrefixes } : {}),
    });
    const within = page.filter((e) => e.position <= head);
    if (within.length) yield within;
    if (within.length < page.length || page.length === 0) return;
    from = page[page.length - 1].position;
  }
}

/** Progress of a long pass, for log lines and the CLI's stderr. */
export interface ScanProgress {
  phase: string;
  events: number;
  position: number;
  head: number;
  elapsedMs: number;
}

export type ProgressListener = (progress: ScanProgress) => void;

/** Calls the listener at most once per interval (and once at the end, via done()). */
export function throttledProgress(listener: ProgressListener | undefined, phase: string, head: number, intervalMs = 1000) {
  const started = Date.now();
  let last = 0;
  const emit = (events: number, position: number) => listener?.({ phase, events, position, head, elapsedMs: Date.now() - started });
  return {
    tick(events: number, position: number): void {
      const now = Date.now();
      if (listener && now - last >= intervalMs) {
        last = now;
        emit(events, position);
      }
    },
    done(events: number, position: number): void {
      emit(events, position);
    },
    elapsedMs: () => Date.now() - started,
  };
}
