/**
 * The Kafka side of consuming: a kafkajs group consumer that hands the messages
 * of each fetched batch, in partition order and in runs, to the shared
 * ConsumerCore and commits the offset only after the core has committed them
 * (applied, duplicate or parked). A failing handler
 * therefore never moves the committed offset past its event unless the event
 * was parked (rule 8). kafkajs' own offset bookkeeping is off (autoCommit false,
 * eachBatchAutoResolve false) on purpose.
 *
 * Offset commits are off the path of the events (OffsetCommitter): a commit is a
 * Kafka round trip (~6 ms on a busy single broker), and a run that waited for one
 * after every partition's batch spent about half its time there. Runs record their
 * offsets; a commit goes out in the background once enough messages or time have
 * gathered, and is awaited only where order matters: before a retry wait, when a
 * batch is left because the consumer stops, and on stop.
 */
import { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { ensureTopics } from './kafka-client';
import { DataSource } from 'typeorm';
import { InvalidMessageError, decodeMessage } from '../integration-message';
import { BusConsumerOptions, BusRunningConsumer, ConsumerCore, DEFAULT_MAX_RUN, describeError, RunItem } from '../consumer/consumer-core';
import { BusLogger, defaultBusLogger } from '../consumer/logger';
import { OffsetCommitter, offsetsByTopic } from './offset-committer';
import { rememberTraceHeaders } from '../bus-tracing';

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
  /**
   * Commit the offsets after this many handled messages (default 20) or this many
   * ms (default 200), whichever comes first, in the background (the next run does
   * not wait for it); at once and awaited before a retry wait and on stop. Dedup in
   * the consumer database makes the few messages after the last commit harmless if
   * they are delivered again.
   */
  commitThreshold?: number;
  commitIntervalMs?: number;
  /** Longest a fetch waits for data (default 1000 ms); stop() waits for the fetch in flight. */
  maxWaitTimeInMs?: number;
  /**
   * Bytes a fetch waits for (up to maxWaitTimeInMs) before the broker answers
   * (default 1: at once). More gathers busy traffic into longer runs, i.e. fewer
   * consumer transactions per event, for at most maxWaitTimeInMs of added delay.
   */
  minBytes?: number;
  /** Most messages of a fetched batch applied in one consumer transaction (default DEFAULT_MAX_RUN). */
  maxRun?: number;
}

export const DEFAULT_COMMIT_THRESHOLD = 20;
export const DEFAULT_COMMIT_INTERVAL_MS = 200;

export async function startKafkaConsumer(deps: KafkaConsumerDeps, options: BusConsumerOptions & KafkaConsumerTuning): Promise<BusRunningConsumer> {
  if (!options.topics.length) throw new Error(`Consumer ${options.group}: no topics`);
  const logger = deps.logger ?? defaultBusLogger();
  const core = new ConsumerCore({ ...options, dataSource: deps.dataSource, logger });
  const consumer: Consumer = deps.kafka.consumer({
    groupId: options.group,
    allowAutoTopicCreation: false,
    sessionTimeout: options.sessionTimeout ?? 30000,
    heartbeatInterval: options.heartbeatInterval ?? 3000,
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 1000,
    minBytes: options.minBytes ?? 1,
  });
  let stopping = false;

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    logger.error(
      { group: options.group, err: describeError(payload.error), restart: payload.restart },
      'bus: kafka consumer crashed; kafkajs restarts it from the committed offsets',
    );
  });

  const commitThreshold = Math.max(1, options.commitThreshold ?? DEFAULT_COMMIT_THRESHOLD);
  const commitIntervalMs = options.commitIntervalMs ?? DEFAULT_COMMIT_INTERVAL_MS;
  const maxRun = Math.max(1, options.maxRun ?? DEFAULT_MAX_RUN);

  // Commits go through the consumer group of the latest batch: consumer.commitOffsets() quietly commits nothing
  // once the consumer is stopping, which is when the batch in flight commits its last offsets.
  // Every batch sets it before it records an offset, so a commit (of recorded offsets) always finds it.
  let commitThroughGroup: EachBatchPayload['commitOffsetsIfNecessary'] | undefined;
  const committer = new OffsetCommitter(
    async (offsets) => {
      if (!commitThroughGroup) throw new Error(`Consumer ${options.group}: offsets to commit before any batch`);
      await commitThroughGroup(offsetsByTopic(offsets));
    },
    commitThreshold,
    commitIntervalMs,
    (error) =>
      logger.warn(
        { group: options.group, err: describeError(error) },
        'bus: a background offset commit failed; the next commit carries the offsets on',
      ),
  );

  const eachBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) => {
    commitThroughGroup = commitOffsetsIfNecessary;
    const { topic, partition } = batch;
    const source = `${topic}:${partition}`;
    const halted = () => stopping || !isRunning() || isStale();
    // Before waiting to retry a failing event, commit what precedes it and keep the membership.
    const beforeRetry = async () => {
      await committer.commit();
      await heartbeat();
    };
    // Messages decoded and waiting to be applied together (one consumer transaction per run).
    let run: RunItem[] = [];
    let runOffsets: string[] = [];
    const recorded = (offset: string) => {
      resolveOffset(offset);
      committer.recorded(topic, partition, offset);
    };
    /** Applies the run; false when stopping left part of it unrecorded (the offset stays before it). */
    const flush = async (): Promise<boolean> => {
      if (run.length === 0) return true;
      const items = run;
      const offsets = runOffsets;
      run = [];
      runOffsets = [];
      const outcome = await core.handleRun(items, { beforeRetry, isStopping: halted, onRecorded: (i) => recorded(offsets[i]) });
      committer.due();
      await heartbeat();
      return !outcome.aborted;
    };
    let left = true;
    try {
      for (const message of batch.messages) {
        if (halted()) break;
        const delivery = { topic, source, position: message.offset };
        let event;
        try {
          event = decodeMessage(message.value);
          rememberTraceHeaders(event, message.headers);
        } catch (error) {
          if (!(error instanceof InvalidMessageError)) throw error;
          // What precedes it first, in order; then the bad message is parked on its own.
          if (!(await flush())) break;
          await core.parkInvalid(message.value?.toString('utf8') ?? null, delivery, error, message.key?.toString('utf8') ?? '');
          recorded(message.offset);
          continue;
        }
        run.push({ event, delivery });
        runOffsets.push(message.offset);
        if (run.length >= maxRun && !(await flush())) break;
      }
      if (!halted()) await flush();
      left = halted();
    } finally {
      // Leaving early (stopping, a rebalance, an error kafkajs restarts the consumer after): what the core
      // recorded goes to Kafka now, while this member still has the partition. Otherwise when due.
      if (left) await committer.commit();
      else committer.due();
    }
  };

  // A consumer may start before the relay that feeds its topic.
  await ensureTopics(deps.kafka, options.topics);
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
        // What earlier batches recorded (kafkajs commits nothing once stopped); stop() then waits for the batch in
        // flight, which leaves after the message in flight and commits it.
        await committer
          .commit()
          .catch((error: unknown) => logger.warn({ group: options.group, err: describeError(error) }, 'bus: the offset commit on stop failed'));
        await consumer.stop();
        committer.close();
        await consumer.disconnect();
        logger.info({ group: options.group }, 'bus: kafka consumer stopped');
      })();
      return stopped;
    },
    replayParked: (eventId, options) => core.replayParked(eventId, options),
  };
}
