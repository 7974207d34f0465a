/**
 * What every reporting bench case shares: the servers (the test ones, started
 * with scripts/infra.sh when the TEST_* variables are not set), logging to
 * stderr, schemas dropped at the end, and percentiles.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';

export const ROOT = join(__dirname, '..', '..');
export const log = (msg: string): void => void process.stderr.write(`${msg}\n`);
export const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const runId = randomBytes(3).toString('hex');

export interface Servers {
  pgUrl: string;
  kafkaBrokers: string[];
}

/** The servers of the test run; when none is set, `scripts/infra.sh up` starts them and `env` names them. */
export function servers(): Servers {
  let pgUrl = process.env.TEST_PG_URL;
  let brokers = process.env.TEST_KAFKA_BROKERS;
  if (!pgUrl || !brokers) {
    log('bench: TEST_PG_URL/TEST_KAFKA_BROKERS not set, starting the test servers (scripts/infra.sh up)');
    execFileSync('bash', [join(ROOT, 'scripts', 'infra.sh'), 'up'], { stdio: ['ignore', 2, 2] });
    const env = Object.fromEntries(
      execFileSync('bash', [join(ROOT, 'scripts', 'infra.sh'), 'env'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')).replace(/^export\s+/, ''), line.slice(line.indexOf('=') + 1)]),
    );
    pgUrl ??= env.TEST_PG_URL;
    brokers ??= env.TEST_KAFKA_BROKERS;
  }
  if (!pgUrl || !brokers) throw new Error('bench: no PostgreSQL/Kafka settings (scripts/infra.sh env printed none)');
  return { pgUrl, kafkaBrokers: brokers.split(',') };
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Schemas a case made, dropped when it ends (also on Ctrl-C, see reporting.ts). */
export class Schemas {
  private readonly made = new Set<string>();
  constructor(private readonly url: string) {}

  async create(stem: string): Promise<string> {
    const schema = `bench_rep_${stem}_${runId}`;
    this.made.add(schema);
    await withClient(this.url, (c) => c.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`));
    return schema;
  }

  async dropAll(): Promise<void> {
    if (this.made.size === 0) return;
    await withClient(this.url, async (c) => {
      for (const schema of this.made) await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    });
    this.made.clear();
  }
}

/** Nearest-rank percentile of an ascending-sorted list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;
