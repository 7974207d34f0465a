/**
 * The Kafka client and the producer the relays use, in one place so that the
 * relay and the consumer side configure kafkajs the same way.
 *
 * kafkajs logs go through pino (level warn and above by default) instead of
 * kafkajs' own console logger.
 */
import { Admin, Kafka, logLevel as KafkaLogLevel, LogEntry, Partitioners, Producer, RetryOptions } from 'kafkajs';
import pino from 'pino';

/** Minimal pino-compatible logger. */
export interface KafkaClientLogger {
  debug?(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface CreateKafkaOptions {
  brokers: string[];
  clientId: string;
  /** Where kafkajs' own log lines go (default: a pino instance). */
  logger?: KafkaClientLogger;
  /** kafkajs log level (default WARN). */
  logLevel?: KafkaLogLevel;
  /** Connection timeout in ms (default 3000). */
  connectionTimeout?: number;
  /** SASL/SCRAM credentials of the deployment's principal; without them the client connects unauthenticated. */
  sasl?: KafkaSasl;
}

/** The principal a deployment connects as (SASL/SCRAM-SHA-512 over the broker's SASL listener). */
export interface KafkaSasl {
  mechanism: 'scram-sha-512';
  username: string;
  password: string;
}

/** acks=all (architecture.md rule 8): every send waits for all in-sync replicas. */
export const PRODUCE_ACKS = -1;

/**
 * Retries of one producer send inside kafkajs. Bounded on purpose: the caller
 * (the relay) retries a failed batch itself, with backoff, for as long as it
 * holds its lease, and can stop between attempts. The defaults of kafkajs for an
 * idempotent producer retry forever inside send(), which would make a stop or a
 * lost lease wait on a broker that is down.
 */
export const PRODUCER_RETRY: RetryOptions = { retries: 5, initialRetryTime: 100, maxRetryTime: 2000 };

// kafkajs warns about bounded retries on every idempotent producer it creates;
// the relay's own retry loop is what keeps delivery at-least-once, so that line is debug.
const QUIET_MESSAGES = ['Limiting retries for the idempotent producer'];

function kafkaLogCreator(logger: KafkaClientLogger) {
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const { message, ...extra } = log;
      const obj = { component: 'kafkajs', namespace, ...extra };
      if (QUIET_MESSAGES.some((quiet) => message.startsWith(quiet))) {
        logger.debug?.(obj, message);
        return;
      }
      switch (level) {
        case KafkaLogLevel.ERROR:
        case KafkaLogLevel.NOTHING:
          logger.error(obj, message);
          break;
        case KafkaLogLevel.WARN:
          logger.warn(obj, message);
          break;
        case KafkaLogLevel.INFO:
          logger.info(obj, message);
          break;
        default:
          logger.debug?.(obj, message);
      }
    };
}

export function createKafka({ brokers, clientId, logger, logLevel = KafkaLogLevel.WARN, connectionTimeout = 3000, sasl }: CreateKafkaOptions): Kafka {
  if (!brokers.length) throw new Error('createKafka: at least one broker is required');
  const log = logger ?? pino({ name: clientId });
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout,
    ...(sasl ? { sasl } : {}),
    logLevel,
    logCreator: kafkaLogCreator(log),
  });
}

/**
 * An idempotent producer (rule 8): one request in flight per connection so a
 * retried request cannot overtake the one before it; the Java-compatible murmur2
 * partitioner, so a stream id lands on the same partition as a Java client
 * would put it. Send with `acks: PRODUCE_ACKS`.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    retry: PRODUCER_RETRY,
  });
}

/** Partitions of every service topic; the key (stream id) keeps each stream on one partition. */
export const TOPIC_PARTITIONS = 3;

/** How long ensureTopics waits for every partition of its topics to have a leader. */
export const TOPIC_READY_TIMEOUT_MS = 30_000;

/**
 * Creates the topics that are missing (TOPIC_PARTITIONS each, broker default
 * replication), so a relay or a consumer may start first, then waits until
 * every partition of every topic named has a leader: a topic another process
 * created a moment ago is otherwise answered "does not host this
 * topic-partition" by the next metadata request. Returns the created ones.
 */
export async function ensureTopics(kafka: Kafka, topics: string[], readyTimeoutMs = TOPIC_READY_TIMEOUT_MS): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await createMissing(admin, topics);
    await awaitLeaders(admin, topics, readyTimeoutMs);
    return created;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function createMissing(admin: Admin, topics: string[]): Promise<string[]> {
  // Look first: kafkajs logs an error response for a topic that already exists.
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (!missing.length) return [];
  // kafkajs answers false when another process created them at the same moment. awaitLeaders waits for the
  // leaders: kafkajs's own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a broker answers for a topic it
  // has not heard of yet (several topics at once, federation: "reporting failed to start").
  const created = await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS })), waitForLeaders: false });
  return created ? missing : [];
}

async function awaitLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  if (!topics.length) return;
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1_000)) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      const ready = topics.every((name) => {
        const partitions = found.find((t) => t.name === name)?.partitions ?? [];
        return partitions.length > 0 && partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0);
      });
      if (ready) return;
      last = 'a partition without a leader';
    } catch (error) {
      // UNKNOWN_TOPIC_OR_PARTITION while the controller's news reaches the broker.
      if (!(error as { retriable?: boolean }).retriable) throw error;
      last = error;
    }
    if (Date.now() + pause > deadline) {
      throw new Error(`Kafka topics ${topics.join(', ')} not ready after ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
