/**
 * `npm run demo`: drives the issue #3 scenario against the system `npm start`
 * runs (embedded mode), then prints a readable timeline in Chinese
 * (`--lang en` for English). Tokens are minted with this installation's own
 * secret (JWT_SECRET, else .data/secrets.json written by npm start).
 *
 * Options: --intake <url> (default http://127.0.0.1:3001, or INTAKE_URL),
 *          --cases <url> (default http://127.0.0.1:3002, or CASES_URL), --lang zh-CN|en.
 */
import { signToken } from '@jm/platform';
import { ApiClient } from './scenario/http-client';
import { runLeadLifecycle } from './scenario/lead-lifecycle';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- plain CommonJS helper shared with start.js
const { securityEnv, SECRETS_FILE } = require('./secrets.js') as {
  securityEnv: (env: NodeJS.ProcessEnv, o?: { create?: boolean }) => { JWT_SECRET?: string };
  SECRETS_FILE: string;
};

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n`);
  process.exit(1);
}

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/health`)).ok;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const intake = option('intake', process.env.INTAKE_URL || 'http://127.0.0.1:3001');
  const cases = option('cases', process.env.CASES_URL || 'http://127.0.0.1:3002');
  const lang = option('lang', 'zh-CN') === 'en' ? 'en' : 'zh-CN';
  for (const [name, url] of [
    ['intake', intake],
    ['cases', cases],
  ]) {
    if (!(await reachable(url))) fail(`${name} does not answer at ${url}/health; start the system first with "npm start" (in another terminal)`);
  }
  const { JWT_SECRET } = securityEnv(process.env, { create: false });
  if (!JWT_SECRET) fail(`no JWT_SECRET in the environment and no ${SECRETS_FILE}; npm start creates it`);

  const started = Date.now();
  const step = (line: string) => process.stdout.write(`  [${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);
  process.stdout.write(
    lang === 'en'
      ? 'Scenario: a public lead through to risk write-off\n'
      : '演示场景：群众举报线索 → 分办核查 → 立案 → 认定 → 逐级上报 → 移送公安 → 办结销号\n',
  );
  const mint = (agency: string, roles: Parameters<typeof signToken>[0]['roles'], user: string) =>
    signToken({ sub: user, agency, roles }, JWT_SECRET, { ttlSeconds: 3600 });
  const result = await runLeadLifecycle({ intake, cases }, mint, step, { lang });

  const office = mint('lc-office', ['office_officer'], 'lc-office-zhang');
  const view = await new ApiClient(cases).get<{ timeline: Array<{ at: string; by: { name: string; user: string }; text: string }> }>(
    `/cases/${result.caseId}`,
    office,
    { 'Accept-Language': lang },
  );
  process.stdout.write(`\n${lang === 'en' ? 'Case' : '案件'} ${result.caseNo}${lang === 'en' ? ' timeline' : ' 办理经过'}:\n`);
  for (const line of view.timeline) {
    const at = new Date(line.at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
    process.stdout.write(`  ${at}  ${line.text}\n`);
  }
  process.stdout.write(
    lang === 'en'
      ? `\nInformant's view (receipt ${result.receiptNo}): ${result.publicStatus.label}\n`
      : `\n举报人凭回执 ${result.receiptNo} 查询：${result.publicStatus.label}\n`,
  );
}

main().catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
