/**
 * docker-compose.yml must start each service with a configuration loadConfig
 * accepts. The required variables come from loadConfig itself
 * (requiredVariables), so this check cannot drift from the config classes.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { SERVICES } from '@jm/bus';
import { loadConfig, requiredVariables } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { loadGatewayConfig } from '../../services/console/src/gateway/gateway.config';

const ROOT = resolve(__dirname, '..', '..');

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: string[];
  depends_on?: Record<string, { condition?: string }> | string[];
}

interface ComposeService {
  profiles?: string[];
  command?: string[];
  volumes?: string[];
}

interface ComposeFile {
  services: Record<string, ComposeService>;
}

// merge: true resolves the `<<: *anchor` keys the way Docker Compose does.
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as ComposeFile;

/** What the shell gives compose for `${VAR:?message}`; without it compose refuses to start (checked below). */
const SHELL: Record<string, string> = {
  ...TEST_SECURITY_ENV,
  // The federation profile's deployments, each with keys of its own.
  ...Object.fromEntries(
    ['LC', 'FZ', 'QZ'].flatMap((d, i) => [
      [`${d}_JWT_SECRET`, `${d.toLowerCase()}-jwt-secret-for-the-compose-check-only-${i}`],
      [`${d}_KEY_ENCRYPTION_KEY`, String(i + 1).repeat(64)],
    ]),
  ),
};

/** Compose's interpolation of `${VAR:?message}` and `${VAR:-default}` from the shell. */
function interpolate(value: string): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_all, name: string, op?: string, arg?: string) => {
    const given = SHELL[name];
    if (given) return given;
    if (op === '-') return arg ?? '';
    throw new Error(`compose would refuse to start: ${name} is not set (${arg ?? ''})`);
  });
}

/** Compose allows a map or a KEY=value list; values become strings in the container. */
function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const at = entry.indexOf('=');
        return at < 0 ? [entry, ''] : [entry.slice(0, at), entry.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, value === null ? '' : interpolate(String(value))]));
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL 16, Kafka (apache/kafka) and KurrentDB', () => {
    expect(compose.services.postgres?.image).toMatch(/^postgres:16/);
    expect(compose.services.kafka?.image).toMatch(/^apache\/kafka:/);
    expect(compose.services.kurrentdb?.image).toMatch(/kurrentdb|eventstore/);
  });

  // The console enters docker-compose.yml with the gateway's part of issue 17; from then on it is checked like the others.
  const composed = SERVICES.filter((name) => name !== 'console' || compose.services.console !== undefined);

  describe.each(composed)('service %s', (name) => {
    const service = compose.services[name];
    const env = service ? environmentOf(service) : {};

    it('is built from the repository with its own entry point', () => {
      expect(service?.build).toMatchObject({ context: '.', args: { SERVICE: name } });
    });

    it('runs the distributed mode: PostgreSQL store and read model, Kafka bus', () => {
      expect(env).toMatchObject({ EVENT_STORE: 'postgres', BUS: 'kafka', READ_MODEL_DB: 'postgres' });
    });

    it('sets every variable that mode requires', () => {
      const required = requiredVariables(name, env);
      // Guard against a vacuous pass: the distributed mode has required settings.
      expect(required.length).toBeGreaterThan(0);
      for (const variable of required) {
        expect({ variable, value: env[variable] ?? '' }).toEqual({ variable, value: expect.stringMatching(/\S/) });
      }
    });

    it('passes loadConfig, listening on all interfaces on its published port', () => {
      const config = loadConfig(name, env);
      expect(config.host).toBe('0.0.0.0');
      expect(service?.ports).toContain(`127.0.0.1:${config.port}:${config.port}`);
      expect(config.bus).toMatchObject({ kind: 'kafka', brokers: ['kafka:9092'] });
    });

    it('takes its secrets from the shell with no default in the file', () => {
      const raw = (service?.environment ?? {}) as Record<string, unknown>;
      expect(raw.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
      expect(raw.KEY_ENCRYPTION_KEY).toMatch(/^\$\{KEY_ENCRYPTION_KEY:\?/);
    });

    it('waits for PostgreSQL and Kafka to be healthy', () => {
      expect(service?.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, kafka: { condition: 'service_healthy' } });
    });
  });
});

describe('docker-compose.yml, federation profile', () => {
  const deployments = ['lc', 'fz', 'qz'];
  const federated = Object.entries(compose.services).filter(([name]) => /^(lc|fz|qz)-/.test(name));

  it('runs every service of the three deployments, only under the profile, with the provisioning done first', () => {
    expect(federated.map(([name]) => name).sort()).toEqual(deployments.flatMap((d) => SERVICES.map((s) => `${d}-${s}`)).sort());
    for (const [, service] of federated) {
      expect(service.profiles).toEqual(['federation']);
      expect(service.depends_on).toMatchObject({ 'federation-provision': { condition: 'service_completed_successfully' } });
      // The deployment's principal comes from the file provisioning wrote, never from compose.
      expect(service.command?.join(' ')).toContain('. /federation/$${DEPLOYMENT}.env');
    }
    for (const shared of ['kafka-fed', 'federation-provision']) expect(compose.services[shared]?.profiles).toEqual(['federation']);
    // The default `docker compose up` is unchanged: none of the profile's services carry over to it.
    for (const name of SERVICES) expect(compose.services[name]?.profiles).toBeUndefined();
  });

  it.each(deployments)('deployment %s: each service passes loadConfig with its own database, keys and port', (deployment) => {
    const mine = federated.filter(([name]) => name.startsWith(`${deployment}-`));
    const ports = new Set<number>();
    for (const [name, service] of mine) {
      const env = environmentOf(service);
      const config = loadConfig(name.slice(deployment.length + 1) as (typeof SERVICES)[number], env);
      expect(config.federation.deployment).toBe(deployment);
      expect(config.eventStore).toMatchObject({ kind: 'postgres', url: expect.stringContaining(`/jm_${deployment}`) });
      expect(config.readModel).toMatchObject({ kind: 'postgres', url: expect.stringContaining(`/jm_${deployment}_`) });
      expect(config.bus).toMatchObject({ kind: 'kafka', brokers: ['kafka-fed:9094'] });
      expect((service.environment as Record<string, string>).JWT_SECRET).toMatch(new RegExp(`^\\$\\{${deployment.toUpperCase()}_JWT_SECRET:\\?`));
      expect(service.ports).toContain(`127.0.0.1:${config.port}:${config.port}`);
      ports.add(config.port);
    }
    expect(ports.size).toBe(SERVICES.length);
  });

  it.each(deployments)("deployment %s: its console's gateway forwards to the deployment's own services", (deployment) => {
    const service = compose.services[`${deployment}-console`];
    const gateway = loadGatewayConfig(environmentOf(service));
    for (const upstream of ['intake', 'cases', 'notifications', 'reporting'] as const) {
      expect(gateway.upstreams[upstream].hostname).toBe(`${deployment}-${upstream}`);
      expect(Number(gateway.upstreams[upstream].port)).toBe(loadConfig(upstream, environmentOf(compose.services[`${deployment}-${upstream}`])).port);
    }
    expect(service.depends_on).toMatchObject({ [`${deployment}-cases`]: { condition: 'service_started' } });
  });
});
