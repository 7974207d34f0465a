/**
 * Prometheus metrics of one service process (prom-client): one registry per
 * app with the jm_* collectors the platform feeds (HTTP, event store,
 * consumers), beside the process' own metrics. What lives elsewhere (lag, parked
 * events, deadlines, outbox) is read at scrape time by the sources given to
 * `gauge`, so it is right when the service is idle too.
 * docs/operations/metrics.md describes every metric.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConsumerObserver } from '@jm/bus';

/** One value of a gauge read at scrape time, with its labels. */
export interface GaugeSample {
  labels?: Record<string, string>;
  value: number;
}

/** A source slower than this leaves its gauge empty for that scrape (Prometheus' own timeout is 10 s by default). */
export const SOURCE_TIMEOUT_MS = 2000;

/**
 * Node's and the process' own metrics, collected once per process (they describe the process, and each
 * collection keeps an event-loop monitor and a GC observer for good): a process runs one service, and
 * in-process tests build many apps. Without a service label: Prometheus' job and instance name them.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const CONSUMER_OUTCOMES = ['applied', 'duplicate', 'retried', 'parked'] as const;

const FAST_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'jm_http_requests_total',
    help: 'HTTP requests answered, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'jm_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by route template, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly appends = new Counter({
    name: 'jm_event_store_appends_total',
    help: 'Appends the event store committed (one per command, whatever its number of events)',
    registers: [this.registry],
  });
  readonly appendDuration = new Histogram({
    name: 'jm_event_store_append_duration_seconds',
    help: 'Time of a committed append to the event store',
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  readonly versionConflicts = new Counter({
    name: 'jm_event_store_version_conflicts_total',
    help: 'Appends refused for a stale expected version (the command handler retries them)',
    registers: [this.registry],
  });
  readonly consumerEvents = new Counter({
    name: 'jm_consumer_events_total',
    help: 'Events a consumer group recorded (applied, duplicate, parked) and retries of failing handlers (retried)',
    labelNames: ['group', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly consumerBatchDuration = new Histogram({
    name: 'jm_consumer_batch_duration_seconds',
    help: 'Time of one committed consumer transaction (a run of events, or one event on its own)',
    labelNames: ['group'] as const,
    buckets: FAST_BUCKETS,
    registers: [this.registry],
  });
  private readonly sourceErrors = new Counter({
    name: 'jm_metrics_source_errors_total',
    help: 'Scrape-time reads that failed or timed out (the gauge is left out of that scrape)',
    labelNames: ['metric'] as const,
    registers: [this.registry],
  });

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    processMetrics();
  }

  /** A gauge whose values `read` gives at each scrape; a failing or slow read counts in jm_metrics_source_errors_total. */
  gauge(name: string, help: string, labelNames: readonly string[], read: () => Promise<GaugeSample[]>): void {
    const errors = this.sourceErrors;
    new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          for (const sample of await withTimeout(read(), SOURCE_TIMEOUT_MS, name)) {
            if (sample.labels) this.set(sample.labels, sample.value);
            else this.set(sample.value);
          }
        } catch {
          errors.inc({ metric: name });
        }
      },
    });
  }

  /**
   * What a consumer group tells the metrics (ConsumerObserver of @jm/bus). Every outcome's series starts
   * at 0 when the group starts, so that increase() and rate() see the first events too: a series born
   * already at 240 between two scrapes would show no increase at all.
   */
  consumerObserver(group: string): ConsumerObserver {
    for (const outcome of CONSUMER_OUTCOMES) this.consumerEvents.inc({ group, outcome }, 0);
    return {
      committed: (applied, duplicate, seconds) => {
        if (applied) this.consumerEvents.inc({ group, outcome: 'applied' }, applied);
        if (duplicate) this.consumerEvents.inc({ group, outcome: 'duplicate' }, duplicate);
        this.consumerBatchDuration.observe({ group }, seconds);
      },
      retried: () => this.consumerEvents.inc({ group, outcome: 'retried' }),
      parked: () => this.consumerEvents.inc({ group, outcome: 'parked' }),
    };
  }

  /** The exposition text, in Prometheus' text format (its content type: registry.contentType). */
  async text(): Promise<string> {
    return `${await processMetrics().metrics()}\n${await this.registry.metrics()}`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
