/**
 * Connection settings of the real servers the test run started (scripts/test.sh
 * exports them). A suite that needs a server and finds no setting fails loudly:
 * nothing is skipped silently.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run the tests with "npm test", which starts PostgreSQL and Kafka (scripts/infra.sh)`);
  }
  return value;
}

export const testPgUrl = (): string => requireEnv('TEST_PG_URL');
export const testKafkaBrokers = (): string[] => requireEnv('TEST_KAFKA_BROKERS').split(',');
/** The same broker's SASL_PLAINTEXT listener (SCRAM-SHA-512, ACLs enforced), where the federation's principals connect. */
export const testKafkaSaslBrokers = (): string[] => requireEnv('TEST_KAFKA_SASL_BROKERS').split(',');

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A fresh schema in the test database (or in the database at `url`); drop() removes it with everything in it. */
export async function createTestSchema(prefix = 't', url = testPgUrl()): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const schema = uniqueName(prefix).toLowerCase();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA "${schema}"`);
  } finally {
    await client.end();
  }
  return {
    url,
    schema,
    drop: async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A database of its own on the test server (a deployment's), next to the test database; drop() removes it. */
export async function createTestDatabase(prefix = 'db'): Promise<{ url: string; name: string; drop: () => Promise<void> }> {
  const base = testPgUrl();
  const name = uniqueName(prefix).toLowerCase();
  const admin = async (sql: string): Promise<void> => {
    const client = new Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), name, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
