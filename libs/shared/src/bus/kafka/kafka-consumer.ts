/**
 * The Kafka side of consuming: a kafkajs group consumer that hands each message,
 * in partition order, to the shared ConsumerCore and commits the offset only
 * after the core has committed (applied, duplicate or parked). A failing handler
 * therefore never moves the committed offset past its event unless the event
 * was parked (rule 8). kafkajs' own offset bookkeeping is off (autoCommit false,
 * eachBatchAutoResolve false) on purpose.
 */
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { InvalidMessageError, decodeMessage } from '../integration-message';
import { BusConsumerOptions, BusRunningConsumer, ConsumerCore, describeError } from '../consumer/consumer-core';
import { BusLogger, defaultBusLogger } from '../consumer/logger';

export interface KafkaConsumerDeps {
  kafka: Kafka;
  /** The consumer's own database (bus_* tables migrated). */
  dataSource: DataSource;
  logger?: BusLogger;
}

export interface KafkaConsumerTuning {
  /** kafkajs session timeout (default 30 s). The core heartbeats between messages and retries. */
  sessionTimeout?: number;
  heartbeatInterval?: number;
}

const nextOffset = (offset: string): string => (BigInt(offset) + 1n).toString();

export async function startKafkaConsumer(
  deps: KafkaConsumerDeps,
  options: BusConsumerOptions & KafkaConsumerTuning,
): Promise<BusRunningConsumer> {
  if (!options.topics.length) throw new Error(`Consumer ${options.group}: no topics`);
  const logger = deps.logger ?? defaultBusLogger();
  const core = new ConsumerCore({
    dataSource: deps.dataSource,
    group: options.group,
    handler: options.handler,
    maxAttempts: options.maxAttempts,
    retryDelayMs: options.retryDelayMs,
    onParked: options.onParked,
    logger,
  });
  const consumer: Consumer = deps.kafka.consumer({
    groupId: options.group,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeout ?? 30000,
    heartbeatInterval: options.heartbeatInterval ?? 3000,
  });
  let stopping = false;

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    logger.error(
      { group: options.group, err: describeError(payload.error), restart: payload.restart },
      'bus: kafka consumer crashed; kafkajs restarts it from the committed offsets',
    );
  });

  const eachBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
    const { topic, partition } = batch;
    const source = `${topic}:${partition}`;
    const halted = () => stopping || !isRunning() || isStale();
    for (const message of batch.messages) {
      if (halted()) break;
      const delivery = { topic, source, position: message.offset };
      let outcome;
      let event;
      try {
        event = decodeMessage(message.value);
      } catch (error) {
        if (!(error instanceof InvalidMessageError)) throw error;
        outcome = await core.parkInvalid(message.value?.toString('utf8') ?? null, delivery, error, message.key?.toString('utf8') ?? '');
      }
      if (event) outcome = await core.handleOne(event, delivery, { beforeRetry: heartbeat, isStopping: halted });
      // Aborted (stopping mid-retry): nothing was recorded, so the offset must stay where it is.
      if (outcome === 'aborted') break;
      resolveOffset(message.offset);
      await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: nextOffset(message.offset) }] }] });
      await heartbeat();
    }
  };

  await consumer.connect();
  try {
    await consumer.subscribe({ topics: options.topics, fromBeginning: true });
    await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: 1, eachBatch });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  logger.info({ group: options.group, topics: options.topics }, 'bus: kafka consumer started');

  let stopped: Promise<void> | undefined;
  return {
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        // stop() waits for the batch in flight; eachBatch leaves after the message in flight, already committed.
        await consumer.stop();
        await consumer.disconnect();
        logger.info({ group: options.group }, 'bus: kafka consumer stopped');
      })();
      return stopped;
    },
    replayParked: (eventId) => core.replayParked(eventId),
  };
}
