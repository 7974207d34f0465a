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

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** A fresh schema in the test database; drop() removes it with everything in it. */
export async function createTestSchema(prefix = 't'): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const url = testPgUrl();
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
