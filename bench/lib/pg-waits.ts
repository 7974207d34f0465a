/**
 * Diagnostics for e2e-latency (--pg-waits): what PostgreSQL's client sessions are doing, sampled from
 * pg_stat_activity every 20 ms on a connection of its own, and the database's committed transactions
 * per second (pg_stat_database.xact_commit). Per 5 s of the timed run it prints how many sessions were active on average and
 * what they waited on: `IO:WALSync` and `LWLock:WALWrite` piling up mean commits waiting for the disk to flush the
 * WAL, `CPU` means running (or waiting for a core). The view covers the whole server, so others' sessions count too,
 * and the transactions are every committed one of the database, read-only ones (the poller's, this sampler's) too.
 */
import { Client } from 'pg';
import { fmt, log } from './bench-env';

const SAMPLE_MS = 20;
const STEP_MS = 5000;

interface Slot {
  samples: number;
  waits: Map<string, number>;
  commits: number;
}

export interface PgWaits {
  /** Starts counting slots of 5 s from now (performance.now() time). */
  reset(start: number): void;
  /** Prints one line per slot of the first `seconds` (the send time). */
  report(seconds: number): void;
  stop(): Promise<void>;
}

export async function startPgWaits(pgUrl: string): Promise<PgWaits> {
  const client = new Client({ connectionString: pgUrl });
  await client.connect();
  let start = performance.now();
  let slots: Slot[] = [];
  let running = true;
  let lastCommits: number | undefined;
  const slotAt = (at: number): Slot => {
    const i = Math.floor((at - start) / STEP_MS);
    while (slots.length <= i) slots.push({ samples: 0, waits: new Map(), commits: 0 });
    return slots[Math.max(0, i)];
  };
  const loop = (async () => {
    while (running) {
      const at = performance.now();
      const { rows } = await client.query<{ wait: string; n: number; commits: string }>(
        `SELECT coalesce(a.wait_event_type || ':' || a.wait_event, 'CPU') AS wait, count(a.pid)::int AS n,
                (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())::text AS commits
           FROM (SELECT 1) one
           LEFT JOIN pg_stat_activity a ON a.state = 'active' AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
          GROUP BY 1, 3`,
      );
      if (at >= start) {
        const slot = slotAt(at);
        slot.samples += 1;
        for (const row of rows) if (row.n > 0) slot.waits.set(row.wait, (slot.waits.get(row.wait) ?? 0) + row.n);
        const commits = Number(rows[0]?.commits ?? 0);
        if (lastCommits !== undefined) slot.commits += commits - lastCommits;
        lastCommits = commits;
      }
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
    }
  })();
  return {
    reset: (at) => {
      start = at;
      slots = [];
      lastCommits = undefined;
    },
    report: (seconds) => {
      slots.slice(0, Math.ceil((seconds * 1000) / STEP_MS)).forEach((slot, i) => {
        const active = [...slot.waits.values()].reduce((a, b) => a + b, 0) / Math.max(1, slot.samples);
        const top = [...slot.waits]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 4)
          .map(([wait, n]) => `${wait} ${(n / Math.max(1, slot.samples)).toFixed(2)}`)
          .join(', ');
        log(
          `  db t ${i * 5}-${i * 5 + 5} s: ${fmt(slot.commits / (STEP_MS / 1000))} transactions/s; sessions active ${active.toFixed(2)} on average: ${top || 'none'}`,
        );
      });
    },
    stop: async () => {
      running = false;
      await loop.catch(() => undefined);
      await client.end();
    },
  };
}
