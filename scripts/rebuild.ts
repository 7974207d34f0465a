/**
 * `npm run rebuild`: asks the running reporting service to rebuild every
 * projection from the event store (POST /projections/rebuild) and prints its
 * progress until it is swapped in. The admin token is minted like
 * `npm run token` does, from JWT_SECRET or the local .data/secrets.json.
 *
 *   npm run rebuild -- [--url http://127.0.0.1:3004] [--agency lc-office] [--interval-ms 500]
 */
import { parseArgs } from 'node:util';
import { signToken } from '@jm/platform';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS helper shared with start.js
const { securityEnv, SECRETS_FILE } = require('./secrets.js') as {
  securityEnv: (env: NodeJS.ProcessEnv, o?: { create?: boolean }) => { JWT_SECRET?: string };
  SECRETS_FILE: string;
};

interface Progress {
  phase: string;
  eventsRead: number;
  position: number;
  head: number;
  percent: number;
  ratePerSecond: number;
  error: string | null;
}
interface Run {
  id: string;
  progress: Progress;
  result: { events: number; ms: number; rows: Record<string, number> } | null;
}

function fail(message: string): never {
  process.stderr.write(`rebuild: ${message}\n`);
  process.exit(1);
}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    fail(
      `cannot reach the reporting service at ${url} (${cause?.code ?? cause?.message ?? String(error)}); is it running (npm start) and is --url right?`,
    );
  }
}

async function answer<T>(res: Response, what: string): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { detail?: string; title?: string };
  if (!res.ok) fail(`${what} answered ${res.status}: ${body.detail ?? body.title ?? res.statusText}`);
  return body;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, agency: { type: 'string' }, 'interval-ms': { type: 'string' } } });
  const base = (values.url ?? process.env.REPORTING_URL ?? 'http://127.0.0.1:3004').replace(/\/$/, '');
  const interval = Number(values['interval-ms'] ?? 500);
  if (!Number.isInteger(interval) || interval < 50) fail('--interval-ms must be an integer of at least 50');
  const { JWT_SECRET } = securityEnv(process.env, { create: false });
  if (!JWT_SECRET) fail(`no JWT_SECRET in the environment and no ${SECRETS_FILE}; run npm start once or set JWT_SECRET`);
  const token = signToken({ sub: 'rebuild-cli', agency: values.agency ?? 'lc-office', roles: ['admin'] }, JWT_SECRET, { ttlSeconds: 3600 });
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };

  const started = await answer<Run>(await call(`${base}/projections/rebuild`, { method: 'POST', headers }), 'POST /projections/rebuild');
  const location = `${base}/projections/rebuilds/${started.id}`;
  process.stdout.write(`rebuild ${started.id} started\n`);
  let last = '';
  for (;;) {
    const run = await answer<Run>(await call(location, { headers }), `GET ${location}`);
    const p = run.progress;
    const line = `${p.phase.padEnd(11)} ${p.percent.toFixed(1).padStart(5)}%  events ${p.eventsRead}  position ${p.position}/${p.head}  ${p.ratePerSecond} events/s`;
    if (line !== last) process.stdout.write(`${line}\n`);
    last = line;
    if (p.phase === 'failed') fail(`the rebuild failed: ${p.error}; the live tables were kept`);
    if (p.phase === 'done' && run.result) {
      const rows = Object.entries(run.result.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(', ');
      process.stdout.write(`done: ${run.result.events} events in ${(run.result.ms / 1000).toFixed(1)} s; rows ${rows}\n`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

void main();
