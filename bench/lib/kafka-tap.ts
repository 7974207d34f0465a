/**
 * Diagnostics for e2e-latency (--tap): a Kafka consumer of its own on a topic that notes, for each message, how
 * long after its event's time the relay produced it (the message's CreateTime, set by the producer) and how long
 * after that this consumer received it. It splits "appended → claimed" into the relay's part and the broker's and
 * consumer's part. It costs the machine a consumer's CPU, so it is off by default.
 */
import { Kafka, logLevel } from 'kafkajs';
import { percentile, round1 } from './bench-env';

export interface KafkaTap {
  /** Counts only messages produced from now on. */
  reset(): void;
  summary(): string;
  stop(): Promise<void>;
}

export async function startKafkaTap(brokers: string[], topic: string, group: string): Promise<KafkaTap> {
  const kafka = new Kafka({ clientId: group, brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: group, minBytes: 1, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: false });
  let since = Date.now();
  let relayLag: number[] = [];
  let delivery: number[] = [];
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => (joined = true));
  await consumer.run({
    eachMessage: async ({ message }) => {
      const received = Date.now();
      const produced = Number(message.timestamp);
      if (produced < since || !message.value) return;
      const { event } = JSON.parse(message.value.toString('utf8')) as { event: { time: string } };
      relayLag.push(produced - Date.parse(event.time));
      delivery.push(received - produced);
    },
  });
  const deadline = Date.now() + 30_000;
  while (!joined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  return {
    reset: () => {
      since = Date.now();
      relayLag = [];
      delivery = [];
    },
    summary: () => {
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      const [r, d] = [sorted(relayLag), sorted(delivery)];
      return (
        `tap on ${topic}: ${r.length} messages; event time → produced by the relay p50 ${round1(percentile(r, 50))} / p99 ${round1(percentile(r, 99))} ms, ` +
        `produced → received by a consumer p50 ${round1(percentile(d, 50))} / p99 ${round1(percentile(d, 99))} ms`
      );
    },
    stop: () => consumer.disconnect(),
  };
}
