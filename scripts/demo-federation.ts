/**
 * `npm run demo:federation`: three deployments of the federation — 鲤城区 (lc),
 * 丰泽区 (fz), 泉州市 (qz) — on PostgreSQL and Kafka, then issue 18's scenario
 * (scripts/scenario/federation.ts) across them, and what each deployment shows
 * of it, in Chinese (`--lang en` for the narration in English).
 *
 * It starts the project's PostgreSQL and Kafka (scripts/infra.sh up, as the
 * tests do), joins the three deployments to the cluster as an operator would
 * (federation topics, a SCRAM principal and ACLs each, under a prefix of this
 * run's own), and runs each deployment's services as processes from the
 * sources, each deployment in a database of its own with keys of its own.
 * Everything it created (databases, principals, topics) is removed at the end
 * unless --keep is given. Ports: JM_PG_PORT, JM_KAFKA_PORT, JM_KAFKA_SASL_PORT
 * as for scripts/infra.sh.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runFederationScenario, DeploymentId } from './scenario/federation';

const ROOT = join(__dirname, '..');
const lang: 'zh-CN' | 'en' = process.argv.includes('--lang') && process.argv[process.argv.indexOf('--lang') + 1] === 'en' ? 'en' : 'zh-CN';
const keep = process.argv.includes('--keep');
const t = (zh: string, en: string): string => (lang === 'en' ? en : zh);

const NAMES: Record<DeploymentId, string> = { lc: t('鲤城区', 'Licheng'), fz: t('丰泽区', 'Fengze'), qz: t('泉州市', 'Quanzhou') };
const started = Date.now();
const say = (line: string) => process.stdout.write(`  [${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}\n`);

function fail(message: string): never {
  process.stderr.write(`demo:federation: ${message}\n`);
  process.exit(1);
}

/** scripts/infra.sh up: PostgreSQL and Kafka (with its SASL listener) on loopback; its settings for the stack. */
function infraUp(): void {
  say(t('启动 PostgreSQL 与 Kafka（scripts/infra.sh up）…', 'Starting PostgreSQL and Kafka (scripts/infra.sh up)…'));
  const result = spawnSync('bash', [join(ROOT, 'scripts', 'infra.sh'), 'up'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) fail(`scripts/infra.sh up failed:\n${result.stdout}\n${result.stderr}`);
  for (const [, name, value] of result.stdout.matchAll(/^\s+(TEST_[A-Z_]+)=(\S+)$/gm)) process.env[name] = value;
  for (const name of ['TEST_PG_URL', 'TEST_KAFKA_BROKERS', 'TEST_KAFKA_SASL_BROKERS']) {
    if (!process.env[name]) fail(`scripts/infra.sh up did not print ${name}:\n${result.stdout}`);
  }
}

async function main(): Promise<void> {
  process.stdout.write(
    t(
      '演示场景（联邦部署）：鲤城区、丰泽区、泉州市各自部署，共用一个 Kafka；逐级上报市联席会议、跨区域协商报共同上级、统计逐级汇总\n',
      'Scenario (federation): Licheng, Fengze and Quanzhou each run their own deployment on one Kafka; escalation to the city, a cross-region dispute to the common superior, statistics going up\n',
    ),
  );
  infraUp();
  // After infraUp: the stack reads the settings infra.sh printed (TEST_PG_URL, TEST_KAFKA_*).
  const { FederationStack } = await import('../test/federation/support/federation-stack');
  const { testKafkaBrokers, testKafkaSaslBrokers } = await import('@jm/testing');
  say(t('为三个部署创建联邦主题、SCRAM 账号与 ACL…', 'Creating the federation topics, a SCRAM principal and ACLs for each deployment…'));
  const stack = await FederationStack.provisioned({
    operatorBrokers: testKafkaBrokers(),
    saslBrokers: testKafkaSaslBrokers(),
    deployments: ['lc', 'fz', 'qz'],
    settings: { FEDERATION_STATISTICS_INTERVAL_SECONDS: '2', AUDIT_ANCHOR_INTERVAL_MINUTES: '0', LOG_LEVEL: 'warn' },
  });
  const stop = async () => {
    if (keep) return say(t(`保留各部署（--keep），Kafka 前缀 ${stack.env}`, `Keeping the deployments (--keep), Kafka prefix ${stack.env}`));
    await stack.stop();
  };
  process.once('SIGINT', () => void stop().finally(() => process.exit(130)));
  try {
    say(t('启动三个部署（各自的数据库、密钥与 Kafka 账号）…', 'Starting the three deployments (own databases, keys and Kafka principals)…'));
    await Promise.all([
      stack.start('lc', ['intake', 'cases', 'reporting']),
      stack.start('fz', ['intake', 'cases', 'reporting']),
      stack.start('qz', ['cases', 'reporting']),
    ]);
    for (const id of ['lc', 'fz', 'qz'] as const) {
      const services = Object.entries(stack.get(id).services).map(([service, member]) => `${service} ${member.url}`);
      say(`${NAMES[id]}（${id}）：${services.join('，')}`);
    }
    const result = await runFederationScenario(
      (deployment, service) => stack.url(deployment, service),
      (agency, roles, user) => stack.mint(agency, roles, user),
      (deployment, line) => say(`【${NAMES[deployment]}】${line}`),
      { lang, timeoutMs: 120_000 },
    );
    for (const timeline of result.timelines) {
      process.stdout.write(`\n${t('从', 'As seen from ')}${NAMES[timeline.deployment]}${t('部署看到的', '')}：${timeline.title}\n`);
      for (const entry of timeline.entries) {
        const at = entry.at ? new Date(entry.at).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '';
        process.stdout.write(`  ${at.padEnd(20)}${entry.text}\n`);
      }
    }
    process.stdout.write(
      t(
        `\n市级统计表汇总：受理线索 ${result.statistics.leadsReceived} 条，含下级上报 ${result.statistics.includes.map((s) => `${s.deployment}（${s.month}）`).join('、')}\n`,
        `\nThe city's table: ${result.statistics.leadsReceived} leads received, including ${result.statistics.includes.map((s) => `${s.deployment} (${s.month})`).join(', ')}\n`,
      ),
    );
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
