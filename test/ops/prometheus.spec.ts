/**
 * A real Prometheus (Debian's binary) scraping the four services, each a
 * process on PostgreSQL and Kafka, every second with the scrape token: a burst
 * of public leads makes consumer lag rise above 0, and it returns to 0 once
 * the consumers have handled them; both shown by PromQL over Prometheus' HTTP
 * API. Every jm_ metric the services expose follows Prometheus' naming
 * conventions, as Prometheus' own metadata types them.
 */
import { randomBytes } from 'node:crypto';
import { pollUntil } from '@jm/testing';
import { ServiceFleet } from '../e2e/support/service-fleet';
import { prometheusBinaries, PrometheusServer, startPrometheus } from './support/prometheus';

jest.setTimeout(240_000);

const SERVICES = ['intake', 'cases', 'notifications', 'reporting'] as const;
const PROMETHEUS_PORT = 19190;
const METRICS_TOKEN = randomBytes(24).toString('hex');
const BURST = 240;
const PARALLEL = 12;

const fleet = new ServiceFleet();
let prometheus: PrometheusServer | undefined;
let intakeUrl: string;

beforeAll(async () => {
  const { prometheus: binary } = prometheusBinaries();
  const env = { METRICS_TOKEN, LOG_LEVEL: 'warn' };
  const members = await Promise.all(
    SERVICES.map((service) => fleet.start(service, service === 'intake' ? { ...env, PUBLIC_RATE_LIMIT_PER_MINUTE: '100000' } : env)),
  );
  intakeUrl = members[0].url;
  const jobs = SERVICES.map(
    (service, i) => `  - job_name: jm-${service}
    authorization:
      type: Bearer
      credentials_file: metrics-token
    static_configs:
      - targets: ['${new URL(members[i].url).host}']`,
  ).join('\n');
  prometheus = await startPrometheus(binary, `global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\nscrape_configs:\n${jobs}\n`, PROMETHEUS_PORT, {
    'metrics-token': METRICS_TOKEN,
  });
}, 240_000);

afterAll(async () => {
  await prometheus?.stop();
  await fleet.stop();
}, 60_000);

const sum = async (promql: string): Promise<number> => (await prometheus!.query(promql)).reduce((total, r) => total + r.value, 0);

async function submitLead(n: number): Promise<void> {
  const res = await fetch(`${intakeUrl}/public/leads`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      title: `群众举报：某公司以高息理财为名吸收资金（第${n}条）`,
      description: '该公司以保本高息理财为名，向社区居民吸收资金。',
      category: 'illegal_fundraising',
      field: 'pension',
      street: 'lc-st-haibin',
      amountYuan: '1000000',
      participants: 20,
      channel: 'hotline',
      subjects: [{ kind: 'company', name: `泉州市鲤城区某某理财咨询有限公司${n}` }],
    }),
  });
  if (res.status !== 201) throw new Error(`lead ${n}: ${res.status} ${await res.text()}`);
}

describe('Prometheus scraping the four services', () => {
  it('scrapes every service with the token: all up and ready', async () => {
    await pollUntil(
      async () => {
        const targets = await prometheus!.targets();
        return targets.length === SERVICES.length && targets.every((t) => t.health === 'up') ? targets : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'every target up' },
    );
    await pollUntil(async () => ((await sum('jm_service_ready')) === SERVICES.length ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 250,
      what: 'every service ready',
    });
  });

  it('given a burst of public leads, then consumer lag rises above 0 and returns to 0', async () => {
    // idle first: every group caught up
    await pollUntil(
      async () => ((await prometheus!.query('jm_consumer_lag_messages')).length > 0 && (await sum('jm_consumer_lag_messages')) === 0) || undefined,
      {
        timeoutMs: 30_000,
        intervalMs: 250,
        what: 'consumer lag at 0 before the burst',
      },
    );
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < BURST) await submitLead(next++);
      }),
    );
    const window = () => `${Math.ceil((Date.now() - started) / 1000) + 5}s`;

    // what Prometheus scraped while the leads flowed: some group was behind
    const peak = await pollUntil(
      async () => {
        const value = await sum(`max(max_over_time(jm_consumer_lag_messages[${window()}]))`);
        return value > 0 ? value : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: 'consumer lag above 0 in Prometheus' },
    );
    expect(peak).toBeGreaterThan(0);
    // and then every group caught up: 0 on every partition
    await pollUntil(async () => ((await sum('sum(jm_consumer_lag_messages)')) === 0 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'consumer lag back to 0',
    });
    expect(await sum('sum(jm_relay_lag_events)')).toBe(0);
    // the leads were applied by the consumers downstream of intake, none parked
    expect(await sum(`sum(increase(jm_consumer_events_total{service="cases",outcome="applied"}[${window()}]))`)).toBeGreaterThan(0);
    expect(await sum('sum(jm_consumer_parked_events)')).toBe(0);
    // every lead counted once. A scrape that times out on a busy machine
    // marks the target's series stale until the next one succeeds, and an
    // instant query then sees no series at all; so wait for a scrape that
    // has the count, and the counter must then be exactly the burst.
    const created = `sum(jm_http_requests_total{service="intake",route="/public/leads",method="POST",status="201"})`;
    const counted = await pollUntil(
      async () => {
        const value = await sum(created);
        return value >= BURST ? value : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 250, what: `intake's 201 count at ${BURST} in Prometheus` },
    );
    expect(counted).toBe(BURST);
  });

  it('names every jm_ metric after Prometheus’ conventions', async () => {
    const res = await fetch(`${prometheus!.url}/api/v1/metadata`);
    const metadata = ((await res.json()) as { data: Record<string, Array<{ type: string }>> }).data;
    const ours = Object.entries(metadata).filter(([name]) => name.startsWith('jm_'));
    const names = ours.map(([name]) => name);
    for (const expected of [
      'jm_http_requests_total',
      'jm_event_store_appends_total',
      'jm_consumer_lag_messages',
      'jm_relay_lag_events',
      'jm_deadline_clocks',
      'jm_notification_outbox_depth',
    ])
      expect(names).toContain(expected);
    for (const [name, [{ type }]] of ours) {
      expect(name).toMatch(/^jm_[a-z0-9_]+$/);
      if (type === 'counter') expect(name).toMatch(/_total$/);
      else expect(name).not.toMatch(/_total$/);
      if (type === 'histogram') expect(name).toMatch(/_seconds$/);
    }
  });
});
