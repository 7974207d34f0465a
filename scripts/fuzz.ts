/**
 * `npm run fuzz`: holds the four services and the console to their published OpenAPI documents
 * with schemathesis (docs/api-contract.md). The console is fuzzed signed in as its first-start
 * admin (session cookie and CSRF token) and anonymously, without its /api gateway route.
 *
 * 1. Installs schemathesis (pinned) into a virtualenv on first use, outside the repository
 *    (FUZZ_VENV, default ~/.cache/jm-fuzz/schemathesis-<version>), with python3.11 (FUZZ_PYTHON).
 * 2. Starts the services as `npm start` does (scripts/start.js, embedded mode) on free ports
 *    with a fresh data directory and secrets of their own, so it never meets a running `npm start`.
 * 3. For each service runs `st run` with every check (scripts/fuzz.toml) twice: with a token of broad rights against
 *    every operation, and anonymously against the public ones (those without a security requirement).
 * 4. Prints per service: operations, test cases, server errors, response-schema violations,
 *    valid data rejected, undocumented statuses and any other failure; exits 1 unless all are 0.
 *
 * Options: --examples N (30), --max-time S (per service and run; default none), --services a,b,
 * --port-base P (four ports from P; default free ones), --data-dir DIR (default a temp dir,
 * removed afterwards), --seed N, --no-build, --keep (leave the data dir and reports).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signToken } from '@jm/platform';
import { freePort, spawnStart } from './start-process';

const SCHEMATHESIS_VERSION = '4.32.5';
const SERVICES = ['intake', 'cases', 'notifications', 'reporting'] as const;
/** What is fuzzed: the four services, and the console's own routes (its /api gateway passes the services' answers through). */
const TARGETS = [...SERVICES, 'console'] as const;
type Service = (typeof TARGETS)[number];
const ROOT = resolve(__dirname, '..');
/** The checks' settings, and the operations whose acceptance OpenAPI 3.0 cannot state, each with its reason (docs/api-contract.md). */
const CONFIG_FILE = join(ROOT, 'scripts', 'fuzz.toml');
/** The token of broad rights: every role an office may hold, at the district office that most data belongs to. */
const FUZZ_PRINCIPAL = { sub: 'fuzz', agency: 'lc-office', roles: ['office_officer', 'convener', 'analyst', 'auditor', 'admin'] };
/** The operators' routes (parked events, dead letters) answer only the top office: a run of their own as its admin. */
const FUZZ_OPERATOR = { sub: 'fuzz-operator', agency: 'fj-office', roles: ['admin'] };
const OPERATOR_PATHS = ['/admin/parked-events', '/admin/dead-letters'];

interface Options {
  examples: number;
  maxTime?: number;
  services: Service[];
  portBase?: number;
  dataDir?: string;
  seed?: string;
  build: boolean;
  keep: boolean;
}

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n`);
  process.exit(2);
}

function parseOptions(argv: string[]): Options {
  const options: Options = { examples: 30, services: [...TARGETS], build: true, keep: false };
  const positive = (name: string, value: string | undefined): number => {
    const n = Number(value);
    if (!value || !/^[0-9]+$/.test(value) || n < 1) fail(`${name} takes a whole number from 1, got ${JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => argv[++i];
    if (arg === '--examples') options.examples = positive(arg, value());
    else if (arg === '--max-time') options.maxTime = positive(arg, value());
    else if (arg === '--port-base') options.portBase = positive(arg, value());
    else if (arg === '--seed') options.seed = String(positive(arg, value()));
    else if (arg === '--data-dir') options.dataDir = value() ?? fail('--data-dir needs a directory');
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--services') {
      const names = (value() ?? '').split(',').filter(Boolean);
      const unknown = names.filter((n) => !(TARGETS as readonly string[]).includes(n));
      if (!names.length || unknown.length) fail(`--services takes a comma-separated list of ${TARGETS.join(', ')}`);
      options.services = names as Service[];
    } else
      fail(`unknown option ${arg}; options: --examples N, --max-time S, --services a,b, --port-base P, --data-dir DIR, --seed N, --no-build, --keep`);
  }
  return options;
}

function say(line: string): void {
  process.stdout.write(`[fuzz] ${line}\n`);
}

/** The schemathesis CLI, installed into its own virtualenv on first use. */
function schemathesis(): string {
  const venv =
    process.env.FUZZ_VENV || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'jm-fuzz', `schemathesis-${SCHEMATHESIS_VERSION}`);
  const st = join(venv, 'bin', 'st');
  const installed = existsSync(st) && spawnSync(st, ['--version'], { encoding: 'utf8' }).stdout?.includes(SCHEMATHESIS_VERSION);
  if (installed) return st;
  const python = process.env.FUZZ_PYTHON || 'python3.11';
  say(`installing schemathesis ${SCHEMATHESIS_VERSION} into ${venv} (${python})`);
  mkdirSync(venv, { recursive: true });
  const steps: [string, string[]][] = [
    [python, ['-m', 'venv', venv]],
    [join(venv, 'bin', 'pip'), ['install', '--quiet', `schemathesis==${SCHEMATHESIS_VERSION}`]],
  ];
  for (const [command, args] of steps) {
    const result = spawnSync(command, args, { stdio: 'inherit' });
    if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`})`);
  }
  return st;
}

interface Started {
  urls: Record<Service, string>;
  /** The first start's admin account and one-time password, as the console printed them. */
  admin?: { username: string; password: string };
  stop(): Promise<void>;
}

/** scripts/start.js with its own ports, data directory and secrets; resolves once all four listen. */
async function startServices(options: Options, dataDir: string, secrets: { JWT_SECRET: string; KEY_ENCRYPTION_KEY: string }): Promise<Started> {
  const ports: Record<Service, number> = {} as Record<Service, number>;
  for (const [index, service] of TARGETS.entries()) ports[service] = options.portBase ? options.portBase + index : await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    // Anonymous routes allow 10 requests a minute; the fuzzer needs to reach the handlers behind the limit (429 stays declared).
    PUBLIC_RATE_LIMIT_PER_MINUTE: '100000',
    // /metrics is exposed (a scrape token of this run's own, never sent by the fuzzer), so its 401s are held to the contract too.
    METRICS_TOKEN: randomBytes(24).toString('hex'),
    INTAKE_PORT: String(ports.intake),
    CASES_PORT: String(ports.cases),
    NOTIFICATIONS_PORT: String(ports.notifications),
    REPORTING_PORT: String(ports.reporting),
    // start.js starts the console too: a port of its own, never the 3000 of a running npm start.
    CONSOLE_PORT: String(ports.console),
  };
  for (const name of ['SQLITE_PATH', 'READ_MODEL_SQLITE_PATH', 'EVIDENCE_DIR']) delete env[name];
  // An administrator may PUT a year of the holiday calendar, which writes HOLIDAY_CALENDAR_DIR: a copy, never config/.
  const holidays = join(dataDir, 'holidays');
  cpSync(join(ROOT, process.env.HOLIDAY_CALENDAR_DIR || 'config/holidays'), holidays, { recursive: true });
  env.HOLIDAY_CALENDAR_DIR = holidays;
  const log = join(dataDir, 'services.log');
  say(`starting the services (scripts/start.js${options.build ? '' : ' --no-build'}), log in ${log}`);
  const started = spawnStart(env, { build: options.build, onOutput: (output) => writeFileSync(log, output) });
  const deadline = Date.now() + 300_000;
  while (!started.output().includes('all four services are up')) {
    if (started.child.exitCode !== null) fail(`the services did not start:\n${started.output().slice(-4000)}`);
    if (Date.now() > deadline) {
      started.child.kill('SIGTERM');
      fail(`the services did not start within 300 s:\n${started.output().slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const urls = Object.fromEntries(TARGETS.map((s) => [s, `http://127.0.0.1:${ports[s]}`])) as Record<Service, string>;
  const admin = /first start: admin account (\S+) one-time password: (\S+)/.exec(started.output());
  return { urls, admin: admin ? { username: admin[1], password: admin[2] } : undefined, stop: started.stop };
}

interface Figures {
  operations: number;
  testCases: number;
  serverErrors: number;
  schemaViolations: number;
  validRejected: number;
  undocumented: number;
  other: number;
  otherKinds: string[];
  errors: number;
}

const KINDS: Record<string, keyof Figures> = {
  ST101: 'serverErrors',
  ST108: 'schemaViolations',
  ST202: 'validRejected',
  ST103: 'undocumented',
};

interface RunReport {
  operations: { tested: number };
  test_cases: { generated: number };
  failures: { code: string; title: string; count: number; operations: string[] }[];
  errors: unknown[];
}

/** One `st run`; the figures come from its JSON report. */
function runSchemathesis(st: string, options: Options, spec: string, baseUrl: string, reportDir: string, headers: string[]): Figures {
  const args = [
    '--config-file',
    CONFIG_FILE,
    'run',
    spec,
    '--url',
    baseUrl,
    '--max-examples',
    String(options.examples),
    '--workers',
    '1',
    '--no-color',
    '--report',
    'json',
    '--report-dir',
    reportDir,
    '--suppress-health-check',
    'all',
    ...(options.maxTime ? ['--max-time', String(options.maxTime)] : []),
    ...(options.seed ? ['--seed', options.seed] : []),
    ...headers.flatMap((h) => ['--header', h]),
  ];
  const result = spawnSync(st, args, { cwd: reportDir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  writeFileSync(join(reportDir, 'output.txt'), `${result.stdout}\n${result.stderr}`);
  const file = readdirSync(reportDir).find((f) => f.startsWith('json-') && f.endsWith('.json'));
  if (!file) fail(`schemathesis wrote no report (exit ${result.status}); its output:\n${(result.stdout + result.stderr).slice(-4000)}`);
  const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8')) as RunReport;
  const figures: Figures = {
    operations: report.operations.tested,
    testCases: report.test_cases.generated,
    serverErrors: 0,
    schemaViolations: 0,
    validRejected: 0,
    undocumented: 0,
    other: 0,
    otherKinds: [],
    errors: report.errors.length,
  };
  for (const failure of report.failures) {
    const kind = KINDS[failure.code];
    if (kind) (figures[kind] as number) += failure.count;
    else {
      figures.other += failure.count;
      figures.otherKinds.push(`${failure.code} ${failure.title} (${failure.count})`);
    }
  }
  return figures;
}

interface OpenApi {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

/** The document with only its public operations (no security requirement), for the anonymous run; undefined if it has none. */
/**
 * The console's own routes: without the gateway's /api/{service}/{path} (it passes each service's answers through,
 * and the services are fuzzed directly), and, for the signed-in run, without sign-out (it would end that run's
 * session; the anonymous run still calls it).
 */
function consoleRoutes(document: OpenApi, signedIn: boolean): OpenApi {
  const paths = Object.entries(document.paths).filter(([path]) => !path.startsWith('/api/') && !(signedIn && path === '/auth/sign-out'));
  return { ...document, paths: Object.fromEntries(paths) };
}

/** Signs the first start's admin in and sets its own password: the headers of a signed-in console session. */
async function consoleSessionHeaders(base: string, admin: { username: string; password: string }): Promise<string[]> {
  const jar = new Map<string, string>();
  const cookie = (): string => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const call = async (path: string, body: unknown): Promise<void> => {
    const headers: Record<string, string> = { 'content-type': 'application/json', cookie: cookie() };
    if (jar.has('jm_csrf')) headers['x-csrf-token'] = decodeURIComponent(jar.get('jm_csrf') ?? '');
    const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
    for (const set of res.headers.getSetCookie()) {
      const [pair] = set.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    if (!res.ok) fail(`console ${path} answered ${res.status}: ${(await res.text()).slice(0, 400)}`);
  };
  await call('/auth/sign-in', { username: admin.username, password: admin.password });
  await call('/auth/password', { currentPassword: admin.password, newPassword: `Fz-${randomBytes(12).toString('base64url')}-9` });
  return [`Cookie: ${cookie()}`, `X-CSRF-Token: ${decodeURIComponent(jar.get('jm_csrf') ?? '')}`];
}

/** The document with only the operators' routes; undefined if it has none. */
function operatorOnly(document: OpenApi): OpenApi | undefined {
  const paths = Object.entries(document.paths).filter(([path]) => OPERATOR_PATHS.some((prefix) => path.startsWith(prefix)));
  return paths.length ? { ...document, paths: Object.fromEntries(paths) } : undefined;
}

function publicOnly(document: OpenApi): OpenApi | undefined {
  const paths: OpenApi['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    const open = Object.fromEntries(Object.entries(item).filter(([, op]) => typeof op === 'object' && op !== null && !op.security?.length));
    if (Object.keys(open).length) paths[path] = open;
  }
  return Object.keys(paths).length ? { ...document, paths } : undefined;
}

function add(a: Figures, b: Figures): Figures {
  return {
    operations: a.operations, // the anonymous run tests some of the same operations again
    testCases: a.testCases + b.testCases,
    serverErrors: a.serverErrors + b.serverErrors,
    schemaViolations: a.schemaViolations + b.schemaViolations,
    validRejected: a.validRejected + b.validRejected,
    undocumented: a.undocumented + b.undocumented,
    other: a.other + b.other,
    otherKinds: [...a.otherKinds, ...b.otherKinds],
    errors: a.errors + b.errors,
  };
}

function table(rows: [string, Figures][]): string {
  const head = ['service', 'operations', 'test cases', 'server errors', 'schema violations', 'valid rejected', 'undocumented', 'other', 'errors'];
  const lines = rows.map(([name, f]) =>
    [name, f.operations, f.testCases, f.serverErrors, f.schemaViolations, f.validRejected, f.undocumented, f.other, f.errors].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [format(head), ...lines.map(format)].join('\n');
}

const clean = (f: Figures): boolean => f.serverErrors + f.schemaViolations + f.validRejected + f.undocumented + f.other + f.errors === 0;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const st = schemathesis();
  const dataDir = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'jm-fuzz-'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = { JWT_SECRET: randomBytes(32).toString('base64url'), KEY_ENCRYPTION_KEY: randomBytes(32).toString('hex') };
  const token = signToken(FUZZ_PRINCIPAL, secrets.JWT_SECRET, { ttlSeconds: 8 * 3600 });
  const operatorToken = signToken(FUZZ_OPERATOR, secrets.JWT_SECRET, { ttlSeconds: 8 * 3600 });
  const started = await startServices(options, dataDir, secrets);
  const rows: [string, Figures][] = [];
  try {
    for (const service of options.services) {
      const base = started.urls[service];
      const published = (await (await fetch(`${base}/docs-json`)).json()) as OpenApi;
      const isConsole = service === 'console';
      const document = isConsole ? consoleRoutes(published, true) : published;
      const dir = join(dataDir, 'reports', service);
      mkdirSync(join(dir, 'authenticated'), { recursive: true });
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(document, null, 2));
      let headers = [`Authorization: Bearer ${token}`];
      if (isConsole) {
        if (!started.admin) fail('the console printed no first-start admin password; see services.log');
        say(`console: signed-in run (${started.admin.username}, a session cookie and its CSRF token)`);
        headers = await consoleSessionHeaders(base, started.admin);
      } else say(`${service}: authenticated run (${FUZZ_PRINCIPAL.agency}: ${FUZZ_PRINCIPAL.roles.join(',')})`);
      let figures = runSchemathesis(st, options, join(dir, 'openapi.json'), base, join(dir, 'authenticated'), headers);
      const operated = isConsole ? undefined : operatorOnly(published);
      if (operated) {
        mkdirSync(join(dir, 'operator'), { recursive: true });
        writeFileSync(join(dir, 'operator.json'), JSON.stringify(operated, null, 2));
        say(`${service}: operator run (${FUZZ_OPERATOR.agency}: ${FUZZ_OPERATOR.roles.join(',')}; ${OPERATOR_PATHS.join(', ')})`);
        const operatorHeaders = [`Authorization: Bearer ${operatorToken}`];
        figures = add(figures, runSchemathesis(st, options, join(dir, 'operator.json'), base, join(dir, 'operator'), operatorHeaders));
      }
      const open = publicOnly(isConsole ? consoleRoutes(published, false) : published);
      if (open) {
        mkdirSync(join(dir, 'anonymous'), { recursive: true });
        writeFileSync(join(dir, 'public.json'), JSON.stringify(open, null, 2));
        say(`${service}: anonymous run (public operations)`);
        figures = add(figures, runSchemathesis(st, options, join(dir, 'public.json'), base, join(dir, 'anonymous'), []));
      }
      rows.push([service, figures]);
      say(
        `${service}: ${clean(figures) ? 'clean' : `NOT clean, see ${dir}/*/output.txt`}${figures.otherKinds.length ? `; other: ${figures.otherKinds.join(', ')}` : ''}`,
      );
    }
  } finally {
    await started.stop();
  }
  process.stdout.write(`\n${table(rows)}\n\n`);
  const allClean = rows.every(([, f]) => clean(f));
  if (options.keep || !allClean) say(`reports and service log kept in ${dataDir}`);
  else if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  say(allClean ? 'the services answer as their OpenAPI documents say' : 'the services do not answer as their OpenAPI documents say');
  process.exit(allClean ? 0 : 1);
}

void main();
