/** What the bench needs from each contender; each tracks expected versions itself. */
import type { NewEvent, StoredEvent } from '@jm/event-sourcing';

export type ContenderName = 'ours' | 'raw_sql' | 'emmett';
export const CONTENDERS: ContenderName[] = ['ours', 'raw_sql', 'emmett'];

export interface ContenderConfig {
  /** Connection string of the database this contender writes to. */
  url: string;
  /** Schema for ours/raw_sql (emmett gets its own database instead). */
  schema: string;
  poolSize: number;
}

export interface Contender {
  readonly name: ContenderName;
  /** Appends the batch to the stream with the exact expected version (raw_sql: none). */
  append(streamId: string, events: NewEvent[]): Promise<void>;
  /** Bulk load for read-all (untimed): the fastest way this contender offers. */
  seed(streamId: string, events: NewEvent[]): Promise<void>;
  /** Reads the whole log from the start in pages, decoding every event; returns how many it read. */
  readAll(pageSize: number, limit?: number): Promise<number>;
  /** Rows in the log (for seeding up to the target size). */
  count(): Promise<number>;
  /** VACUUM ANALYZE after seeding so no contender pays hint-bit writes during its timed read. */
  vacuum(): Promise<void>;
  close(): Promise<void>;
}

/** Keeps the decoded events observable so the work cannot be optimised away. */
export const sink = { checksum: 0 };
export function consume(data: unknown, position: number): void {
  const amount = (data as { amountCny?: number } | null)?.amountCny ?? 0;
  sink.checksum = (sink.checksum + amount + position) % 1_000_000_007;
}

/** Reads the log page by page from the start, consuming each decoded event; returns how many were read. */
export async function readPages(fetchPage: (from: number) => Promise<StoredEvent[]>, pageSize: number, limit = Infinity): Promise<number> {
  let from = 0;
  let read = 0;
  for (;;) {
    const page = await fetchPage(from);
    for (const e of page) consume(e.data, e.position);
    read += page.length;
    if (page.length < pageSize || read >= limit) return read;
    from = page[page.length - 1].position;
  }
}
