/**
 * A federation for a browser story, as a process of its own (Playwright's loader does not compile the Nest
 * libraries this needs; fed-stack.ts starts it under @swc-node/register, as the services run in the e2e tests).
 * Starts the deployments of the plan (argv[2], JSON) on the real PostgreSQL and Kafka with FederationStack
 * (test/federation/support): each its own database, JWT secret and key-encryption key, DEPLOYMENT set, one
 * topic prefix; a deployment that lists `console` gets it last, pointed at its own services. Then prints one
 * line, `FED-STACK-READY <json>`: the services' URLs, the consoles' first-start admins and the tokens asked
 * for (each signed by the secret of the deployment serving its agency). Stops everything (processes,
 * databases, topics) on SIGTERM or when its stdin closes (the story's runner went away).
 */
import type { ServiceName } from '@jm/bus';
import type { Role } from '@jm/reference';
import { testKafkaBrokers } from '@jm/testing';
import { FIRST_START_LINE } from '../../../services/console/src/accounts/first-start';
import { FederationStack } from '../../federation/support/federation-stack';

export interface FedPlan {
  /** Deployment id → the services it runs (`console` is started after the others). */
  deployments: Record<string, ServiceName[]>;
  /** Name → the agency, roles and user id of a token the story calls a service's API with. */
  tokens: Record<string, { agency: string; roles: Role[]; user: string }>;
}

export interface FedStackInfo {
  urls: Record<string, Partial<Record<ServiceName, string>>>;
  /** Deployment id → the console's first-start admin and one-time password. */
  admins: Record<string, { username: string; password: string }>;
  tokens: Record<string, string>;
}

export const READY_LINE = 'FED-STACK-READY ';

const UPSTREAMS = ['intake', 'cases', 'notifications', 'reporting'] as const;

async function main(): Promise<void> {
  const plan = JSON.parse(process.argv[2] ?? '{}') as FedPlan;
  const stack = new FederationStack({ brokers: testKafkaBrokers(), settings: { LOG_LEVEL: 'warn' } });
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stack.stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop());
  process.stdin.on('end', () => void stop());
  process.stdin.resume();

  const info: FedStackInfo = { urls: {}, admins: {}, tokens: {} };
  try {
    await Promise.all(
      Object.entries(plan.deployments).map(async ([id, services]) => {
        await stack.start(
          id,
          services.filter((s) => s !== 'console'),
        );
        if (services.includes('console')) {
          // The console reaches this deployment's services (one it does not run is refused as unavailable, 502).
          const urls = Object.fromEntries(
            UPSTREAMS.map((s) => [`CONSOLE_${s.toUpperCase()}_URL`, stack.get(id).services[s]?.url ?? 'http://127.0.0.1:9']),
          );
          await stack.add(id, 'console', urls);
          const printed = stack
            .get(id)
            .fleet.processes.map((p) => p.stdout())
            .join('\n');
          const match = FIRST_START_LINE.exec(printed);
          if (!match) throw new Error(`the console of ${id} printed no first-start admin`);
          info.admins[id] = { username: match[1], password: match[2] };
        }
        info.urls[id] = Object.fromEntries(Object.entries(stack.get(id).services).map(([s, member]) => [s, member?.url]));
      }),
    );
    for (const [name, t] of Object.entries(plan.tokens)) info.tokens[name] = stack.mint(t.agency, t.roles, t.user);
  } catch (error) {
    process.stderr.write(`fed-deployments: ${(error as Error).stack ?? String(error)}\n`);
    await stack.stop().catch(() => undefined);
    process.exit(1);
  }
  process.stdout.write(`${READY_LINE}${JSON.stringify(info)}\n`);
}

void main();
