#!/usr/bin/env node
/*
 * Exit 0 when a Kafka broker answers an admin request (listTopics) on the given
 * brokers, 1 otherwise; 2 when kafkajs is not installed (run `npm ci` first).
 * Usage: node scripts/infra/kafka-probe.js 127.0.0.1:59092 [timeoutMs] [--warm] [--verbose]
 *
 * --warm also waits until the group coordinator (__consumer_offsets) and the
 * producer-id machinery answer, so that the first test of a freshly formatted
 * broker does not meet "coordinator not available / loading" retries.
 */
'use strict';

let kafkajs;
try {
  kafkajs = require('kafkajs');
} catch (error) {
  process.stderr.write(`kafka-probe: kafkajs is not installed (${error.message})\n`);
  process.exit(2);
}

const { Kafka, logLevel } = kafkajs;
const brokers = (process.argv[2] || '127.0.0.1:59092').split(',');
const timeoutMs = Number(process.argv[3] || 5000);
const warm = process.argv.includes('--warm');

async function main() {
  const kafka = new Kafka({
    clientId: 'jm-infra-probe',
    brokers,
    connectionTimeout: Math.min(timeoutMs, 3000),
    requestTimeout: timeoutMs,
    retry: warm ? { retries: 10, initialRetryTime: 100, maxRetryTime: 1000 } : { retries: 0 },
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const timer = setTimeout(() => {
    process.stderr.write(`kafka-probe: no answer from ${brokers.join(',')} within ${timeoutMs} ms\n`);
    process.exit(1);
  }, timeoutMs);
  try {
    await admin.connect();
    await admin.listTopics();
    const cluster = await admin.describeCluster();
    if (warm) {
      await admin.describeGroups(['jm-infra-warmup']);
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      await producer.disconnect();
    }
    if (process.argv.includes('--verbose')) {
      process.stdout.write(`cluster ${cluster.clusterId}, controller ${cluster.controller}, brokers ${cluster.brokers.length}\n`);
    }
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`kafka-probe: ${error && error.message ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
