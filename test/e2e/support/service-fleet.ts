/**
 * Services as separate processes on PostgreSQL and Kafka, as deployed: each
 * with its own event-store schema and read-model schema (so a service learns
 * of another's streams only through Kafka), one topic prefix per fleet, and
 * the event store of each opened for the spec to read. `stop` ends the
 * processes and drops the schemas.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresEventStore } from '@jm/event-sourcing';
import { createTestSchema, testKafkaBrokers, uniqueName } from '@jm/testing';
import { killAll, listeningUrl, RunningService, startServiceProcess } from '../../support/service-process';

type ServiceName = Parameters<typeof startServiceProcess>[0];
type Schema = Awaited<ReturnType<typeof createTestSchema>>;

export interface FleetMember {
  url: string;
  store: PostgresEventStore;
}

export class ServiceFleet {
  private readonly started: RunningService[] = [];
  private readonly schemas: Schema[] = [];
  private readonly stores: PostgresEventStore[] = [];
  readonly dir = mkdtempSync(join(tmpdir(), 'jm-fleet-'));
  readonly topicPrefix: string;
  private readonly pgUrl?: string;

  /**
   * Fleets of one federation share a topic prefix (the environment's): each deployment's topics sit under it.
   * `pgUrl`: the database the fleet's schemas go in (a deployment's own), the test database by default.
   */
  constructor(options: { topicPrefix?: string; pgUrl?: string } = {}) {
    this.topicPrefix = options.topicPrefix ?? `${uniqueName('e2e').toLowerCase()}.`;
    this.pgUrl = options.pgUrl;
  }

  /** What each service was started with, so that it can be started again on the same schemas. */
  private readonly launched = new Map<ServiceName, { env: Record<string, string>; running: RunningService }>();

  async start(service: ServiceName, env: Record<string, string> = {}): Promise<FleetMember> {
    const [store, readModel] = [await createTestSchema(`${service}_store`, this.pgUrl), await createTestSchema(`${service}_read`, this.pgUrl)];
    this.schemas.push(store, readModel);
    const fullEnv: Record<string, string> = {
      PORT: '0',
      // info, so the request logs are there to be checked for identities and secrets.
      LOG_LEVEL: 'info',
      INSTANCE_ID: uniqueName(service),
      EVENT_STORE: 'postgres',
      PG_URL: store.url,
      PG_SCHEMA: store.schema,
      BUS: 'kafka',
      KAFKA_BROKERS: testKafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      READ_MODEL_DB: 'postgres',
      READ_MODEL_PG_URL: readModel.url,
      READ_MODEL_PG_SCHEMA: readModel.schema,
      EVIDENCE_DIR: join(this.dir, 'evidence'),
      ...env,
    };
    const url = await this.launch(service, fullEnv);
    const opened = await PostgresEventStore.connect({ url: store.url, schema: store.schema });
    this.stores.push(opened);
    return { url, store: opened };
  }

  /** Kills a service with SIGKILL (no shutdown: whatever it was doing is cut off). */
  async kill(service: ServiceName): Promise<void> {
    const running = this.launched.get(service)?.running;
    if (!running) throw new Error(`${service} was not started in this fleet`);
    running.child.kill('SIGKILL');
    await running.exited;
  }

  /** Starts a service again on its schemas and settings (after kill); answers its new URL. */
  async restart(service: ServiceName): Promise<string> {
    const launched = this.launched.get(service);
    if (!launched) throw new Error(`${service} was not started in this fleet`);
    return this.launch(service, { ...launched.env, INSTANCE_ID: uniqueName(service) });
  }

  private async launch(service: ServiceName, env: Record<string, string>): Promise<string> {
    const running = startServiceProcess(service, env);
    this.started.push(running);
    this.launched.set(service, { env, running });
    return listeningUrl(running, service, 60000);
  }

  /** The processes that were started, for specs that read their logs. */
  get processes(): readonly RunningService[] {
    return this.started;
  }

  async stop(): Promise<void> {
    for (const running of this.started) running.child.kill('SIGTERM');
    await Promise.race([Promise.all(this.started.map((r) => r.exited)), new Promise((resolve) => setTimeout(resolve, 15000).unref())]);
    await killAll(this.started);
    await Promise.all(this.stores.map((s) => s.close()));
    for (const schema of this.schemas) await schema.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
