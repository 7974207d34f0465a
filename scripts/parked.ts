/**
 * `npm run parked -- <command> --service <name> [options]`: the operator's tool for parked events and dead letters
 * (docs/operations/parked-events.md). It calls the service's admin API, so the service decides who may and records
 * each replay and discard on its operations stream.
 *
 *   list                     [--group g] [--status parked|replayed|discarded] [--type T] [--page n] [--page-size n]
 *   show    <eventId>        [--group g]   the payload, the error, where it was read (JSON)
 *   replay  <eventId>        [--group g]
 *   discard <eventId> --reason "…" [--group g]
 *   dead-letters [list|show <messageId>|retry <messageId> <target>|discard <messageId> <target> --reason "…"]   (notifications)
 *
 * --url: the service's base URL (default http://127.0.0.1:<its npm start port>); --group: the consumer group
 * (default the service's name); --json: the answer as JSON instead of a table.
 * The token: JM_TOKEN when set; else one minted by scripts/token.ts for the top office's admin (JWT_SECRET or
 * .data/secrets.json, as npm run token), with --agency and --user to change who.
 * Exit 0 on success, 1 when the service refuses (its problem detail on stderr), 2 on a usage error.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AgencyRegistry, topOffices } from '@jm/reference';

const SERVICES: Record<string, number> = { intake: 3001, cases: 3002, notifications: 3003, reporting: 3004 };
const OPTIONS = ['service', 'url', 'group', 'status', 'type', 'page', 'page-size', 'reason', 'agency', 'user'];

function fail(message: string, code = 2): never {
  process.stderr.write(`parked: ${message}\n`);
  process.exit(code);
}

function parse(argv: string[]): { positional: string[]; opts: Record<string, string> } {
  const positional: string[] = [];
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') opts.json = 'yes';
    else if (arg.startsWith('--')) {
      const key = arg.slice(2);
      if (!OPTIONS.includes(key)) fail(`unknown option ${arg}; options are --json, ${OPTIONS.map((o) => `--${o}`).join(', ')}`);
      if (i + 1 >= argv.length) fail(`${arg} needs a value`);
      opts[key] = argv[++i];
    } else positional.push(arg);
  }
  return { positional, opts };
}

function token(opts: Record<string, string>): string {
  if (process.env.JM_TOKEN) return process.env.JM_TOKEN;
  const registry = AgencyRegistry.fromFile(process.env.AGENCY_REGISTRY_PATH || 'config/agencies.json');
  const agency = opts.agency ?? topOffices(registry)[0]?.code;
  if (!agency) fail('no office covers the whole agency registry: pass --agency, or set JM_TOKEN');
  const minted = spawnSync(
    process.execPath,
    [
      '-r',
      '@swc-node/register',
      join(__dirname, 'token.ts'),
      '--agency',
      agency,
      '--roles',
      'admin',
      '--user',
      opts.user ?? 'parked-cli',
      '--ttl',
      '1',
    ],
    { encoding: 'utf8', env: process.env },
  );
  if (minted.status !== 0) fail(`could not mint a token: ${minted.stderr.trim()}`);
  return minted.stdout.trim();
}

interface Answer {
  status: number;
  body: unknown;
}

async function call(base: string, bearer: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${bearer}`, 'Accept-Language': 'zh-CN', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    return fail(`cannot reach ${base}: ${(error as Error).message}`, 1);
  }
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: shown as text
  }
  return { status: res.status, body: parsed };
}

/** A refusal: the problem detail on stderr, exit 1. */
function refused(answer: Answer): never {
  const p = answer.body as { status?: number; code?: string; title?: string; detail?: string; errors?: unknown };
  const lines = [`${answer.status} ${p.code ?? ''} ${p.title ?? ''}`.trim(), p.detail ?? (typeof answer.body === 'string' ? answer.body : '')];
  if (p.errors) lines.push(JSON.stringify(p.errors));
  return fail(lines.filter(Boolean).join('\n  '), 1);
}

function table(rows: Array<Record<string, unknown>>, columns: string[]): string {
  const cells = rows.map((r) => columns.map((c) => String(r[c] ?? '')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i].length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(columns), ...cells.map(line)].join('\n');
}

function print(answer: Answer, json: boolean, columns?: string[]): void {
  if (answer.status >= 400) refused(answer);
  const page = answer.body as { items?: Array<Record<string, unknown>>; total?: number; page?: number; pageSize?: number };
  if (json || !columns || !Array.isArray(page.items)) {
    process.stdout.write(`${JSON.stringify(answer.body, null, 2)}\n`);
    return;
  }
  process.stdout.write(`${table(page.items, columns)}\n(${page.items.length} of ${page.total}, page ${page.page}, ${page.pageSize} a page)\n`);
}

const query = (pairs: Record<string, string | undefined>): string => {
  const q = new URLSearchParams(Object.entries(pairs).filter((e): e is [string, string] => e[1] !== undefined));
  return q.size ? `?${q}` : '';
};
const seg = encodeURIComponent;

async function main(): Promise<void> {
  const { positional, opts } = parse(process.argv.slice(2));
  const [command, ...rest] = positional;
  const service = opts.service;
  if (!service || !(service in SERVICES)) fail(`--service is required: one of ${Object.keys(SERVICES).join(', ')}`);
  const base = (opts.url ?? `http://127.0.0.1:${SERVICES[service]}`).replace(/\/+$/, '');
  const group = opts.group ?? service;
  const json = opts.json === 'yes';
  const need = (n: number, usage: string) => {
    if (rest.length !== n) fail(`usage: npm run parked -- ${usage}`);
  };
  const bearer = token(opts);
  const list = { page: opts.page, pageSize: opts['page-size'] };
  switch (command) {
    case 'list':
      need(0, 'list --service <name> [--group g] [--status s] [--type T]');
      return print(
        await call(base, bearer, 'GET', `/admin/parked-events${query({ group: opts.group, status: opts.status, eventType: opts.type, ...list })}`),
        json,
        ['status', 'group', 'eventType', 'eventId', 'streamId', 'attempts', 'parkedAt'],
      );
    case 'show':
      need(1, 'show <eventId> --service <name> [--group g]');
      return print(await call(base, bearer, 'GET', `/admin/parked-events/${seg(group)}/${seg(rest[0])}`), true);
    case 'replay':
      need(1, 'replay <eventId> --service <name> [--group g]');
      return print(await call(base, bearer, 'POST', `/admin/parked-events/${seg(group)}/${seg(rest[0])}/replay`), true);
    case 'discard':
      need(1, 'discard <eventId> --reason "…" --service <name> [--group g]');
      if (opts.reason === undefined) fail('discard needs --reason "why" (it is kept with the event and in the operations stream)');
      return print(await call(base, bearer, 'POST', `/admin/parked-events/${seg(group)}/${seg(rest[0])}/discard`, { reason: opts.reason }), true);
    case 'dead-letters':
      return deadLetters(base, bearer, rest, opts, json);
    default:
      fail(`unknown command ${JSON.stringify(command ?? '')}; commands: list, show, replay, discard, dead-letters`);
  }
}

async function deadLetters(base: string, bearer: string, rest: string[], opts: Record<string, string>, json: boolean): Promise<void> {
  const [sub = 'list', ...args] = rest;
  const usage = 'dead-letters [list|show <messageId>|retry <messageId> <target>|discard <messageId> <target> --reason "…"] --service notifications';
  const one = (n: number) => {
    if (args.length !== n) fail(`usage: npm run parked -- ${usage}`);
  };
  switch (sub) {
    case 'list':
      one(0);
      return print(
        await call(base, bearer, 'GET', `/admin/dead-letters${query({ status: opts.status, page: opts.page, pageSize: opts['page-size'] })}`),
        json,
        ['status', 'messageId', 'target', 'attempts', 'lastError', 'deadAt'],
      );
    case 'show':
      one(1);
      return print(await call(base, bearer, 'GET', `/admin/dead-letters/${seg(args[0])}`), true);
    case 'retry':
      one(2);
      return print(await call(base, bearer, 'POST', `/admin/dead-letters/${seg(args[0])}/${seg(args[1])}/retry`), true);
    case 'discard':
      one(2);
      if (opts.reason === undefined) fail('discard needs --reason "why"');
      return print(await call(base, bearer, 'POST', `/admin/dead-letters/${seg(args[0])}/${seg(args[1])}/discard`, { reason: opts.reason }), true);
    default:
      fail(`usage: npm run parked -- ${usage}`);
  }
}

void main();
