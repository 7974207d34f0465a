/**
 * The dispatcher: sends what the outbox says is due and records each outcome
 * as an event, then moves the row. Per target and attempt n it
 *   1. appends NotificationDeliveryAttempted(n) and counts the attempt on the row,
 *   2. sends (email or webhook, carrying the message id),
 *   3. appends NotificationDelivered(n), or NotificationDeliveryFailed(n) with the
 *      next attempt at now + base·2^(k-1) (k: the attempt's number since the
 *      request or the last replay), or NotificationDeadLettered(n) after the
 *      last one, and moves the row to sent, failed or dead.
 * A crash after 2 and before 3 leaves the row due: the message is sent again
 * under the same message id, which the receiver dedupes. Step 1 is planned on
 * the command handler's own read of the stream (one read per command); a target
 * the stream already settled only brings the row up to date. One dispatcher per
 * service is active (a lease in the event store); at most MAX_IN_FLIGHT sends run
 * at once, so one slow receiver holds up no one else. With tracing on, each
 * delivery runs in the trace of its NotificationRequested event (the consumer
 * that requested it), so its appends and its webhook's CLIENT span are there.
 */
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { contextFrom } from '@jm/bus';
import { toNotificationStreamId } from '@jm/contracts';
import { Clock, EventStore } from '@jm/event-sourcing';
import { activeTracer, CLOCK, EVENT_STORE_TOKEN, InjectReadModel, SERVICE_CONFIG, ServiceConfig } from '@jm/platform';
import type { DeliveryTarget, NotificationRequestedData } from '@jm/contracts';
import type { LeaseStore } from '@jm/event-sourcing';
import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { webhookSecretOf, WEBHOOK_SECRET_PREFIX } from '../channel-settings';
import { OutboxEntity, OutboxRow } from '../channels.entities';
import { SECRET_ENV, WEBHOOK_TARGETS } from '../channels.tokens';
import { NotificationMessages } from '../notification/notification-messages';
import type { RecordAttempt } from '../notification/notification.commands';
import { createEmailSender, EmailSender, sendWebhook } from './senders';
import { DELIVERY_FAILED, RecordableDeliveryError, WebhookTargets } from './webhook-targets';
import { DeliveryMetrics } from './delivery.metrics';

export const MAX_IN_FLIGHT = 8;
const LEASE_NAME = 'dispatcher:notifications';
const LEASE_TTL_MS = 5_000;

/** The delay before attempt k+1 after attempt k failed (k from 1). */
export function retryDelayMs(baseMs: number, attemptInRound: number): number {
  return baseMs * 2 ** (attemptInRound - 1);
}

/** What the stream says to do with a due row: record the next attempt and send, or only bring the row up to date. */
type DeliveryPlan =
  { settle: Partial<Pick<OutboxRow, 'status' | 'attempts' | 'lastError'>> } | { attempt: number; request: NotificationRequestedData };

@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Dispatcher');
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private ticking?: Promise<void>;
  private stopped = false;
  private readonly stopping = new AbortController();
  private leaseHeld = false;
  private readonly email?: EmailSender & { close(): void };
  private readonly pollMs: number;

  constructor(
    private readonly messages: NotificationMessages,
    @InjectReadModel() private readonly db: DataSource,
    @Inject(EVENT_STORE_TOKEN) private readonly store: EventStore,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_ENV) private readonly env: NodeJS.ProcessEnv,
    @Inject(WEBHOOK_TARGETS) private readonly targets: WebhookTargets,
    private readonly metrics: DeliveryMetrics,
  ) {
    const { smtpUrl, smtpFrom, deliveryRetryBaseMs } = config.domain;
    if (smtpUrl) this.email = createEmailSender(smtpUrl, smtpFrom);
    this.pollMs = Math.min(1000, Math.max(25, Math.floor(deliveryRetryBaseMs / 4)));
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Look for due rows soon (after a notice or a replay wrote some). */
  nudge(): void {
    this.schedule(10);
  }

  /** Stops before the store and the database close (they close in onApplicationShutdown): sends in flight are cut short and recorded as failed. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.stopping.abort(new Error('the service is stopping'));
    await this.ticking;
    await Promise.allSettled(this.inFlight.values());
    const leases = this.leases();
    if (leases && this.leaseHeld) await leases.release(LEASE_NAME, this.config.instanceId).catch(() => undefined);
    this.email?.close();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  /** One pass: (re)take the lease, start sends for due rows not already in flight. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = this.pass()
      .catch((error: unknown) => this.logger.error({ err: error }, 'dispatcher pass failed; trying again'))
      .finally(() => {
        this.ticking = undefined;
        this.schedule(this.pollMs);
      });
    await this.ticking;
  }

  private async pass(): Promise<void> {
    if (!(await this.holdLease())) return;
    const free = MAX_IN_FLIGHT - this.inFlight.size;
    if (free <= 0) return;
    const due = await this.db.getRepository(OutboxEntity).find({
      where: { status: In(['pending', 'failed']), nextAttemptAt: LessThanOrEqual(this.clock.now().toISOString()) },
      order: { nextAttemptAt: 'ASC' },
      take: free + this.inFlight.size,
    });
    for (const row of due) {
      const key = `${row.messageId}\u001f${row.target}`;
      if (this.inFlight.has(key) || this.inFlight.size >= MAX_IN_FLIGHT) continue;
      const run = this.deliver(row)
        .catch((error: unknown) =>
          this.logger.error({ err: error, messageId: row.messageId, target: row.target }, 'recording a delivery failed; the row stays due'),
        )
        .finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, run);
    }
  }

  private leases(): LeaseStore | undefined {
    return (this.store as Partial<{ leases: LeaseStore }>).leases;
  }

  private async holdLease(): Promise<boolean> {
    const leases = this.leases();
    if (!leases) return true;
    const owner = this.config.instanceId;
    this.leaseHeld = this.leaseHeld ? await leases.renew(LEASE_NAME, owner, LEASE_TTL_MS) : await leases.tryAcquire(LEASE_NAME, owner, LEASE_TTL_MS);
    return this.leaseHeld;
  }

  /** One attempt on one target, recorded before and after; with tracing on, in the trace of the message's request. */
  async deliver(row: OutboxRow): Promise<void> {
    if (!activeTracer()) return this.deliverOnce(row);
    // The request is the stream's first event; its metadata holds the context of the append that requested it.
    const [requested] = await this.store.readStream(toNotificationStreamId(row.messageId));
    return context.with(contextFrom(requested?.metadata), () => this.deliverOnce(row));
  }

  private async deliverOnce(row: OutboxRow): Promise<void> {
    const streamId = toNotificationStreamId(row.messageId);
    const repo = this.db.getRepository(OutboxEntity);
    const where = { messageId: row.messageId, target: row.target };
    const step = (attempt: number, what: string) => this.messages.systemStep(`deliver:${row.messageId}:${row.target}:${attempt}:${what}`);
    // Planned on the command handler's own load of the stream: record the next attempt, or only bring the row up to date.
    let plan: DeliveryPlan | undefined;
    await this.messages.commands.handle(
      streamId,
      (state): RecordAttempt | undefined => {
        const known = state.status === 'requested' ? state.targets[row.target] : undefined;
        if (state.status !== 'requested' || !known) {
          plan = { settle: { status: 'dead', lastError: 'the message stream does not hold this target' } };
          return undefined;
        }
        if (known.status === 'sent' || known.status === 'dead') {
          // Recorded in the stream but not on the row (a crash in between): bring the row up to date, send nothing.
          plan = { settle: { status: known.status, attempts: Math.max(row.attempts, known.attempts) } };
          return undefined;
        }
        plan = { attempt: Math.max(row.attempts, known.attempts) + 1, request: state.request };
        return { kind: 'RecordAttempt', target: row.target, attempt: plan.attempt, at: this.clock.now().toISOString() };
      },
      (command) => step(command.attempt, 'attempt'),
    );
    // The handler ran the function on its load (at least once), so a plan is set.
    const planned = plan!;
    if ('settle' in planned) {
      await repo.update(where, { ...planned.settle, updatedAt: this.clock.now().toISOString() });
      return;
    }
    const { attempt, request } = planned;
    await repo.update(where, { attempts: attempt, updatedAt: this.clock.now().toISOString() });

    const target = request.targets.find((t) => t.key === row.target)!;
    let outcome: { ok: true; response: string } | { ok: false; error: string };
    try {
      outcome = {
        ok: true,
        response: await this.send(target, { request, attempt, now: this.clock.now(), signal: this.stopping.signal }),
      };
    } catch (error) {
      // The record (event, outbox row) is read over the API: it gets a fixed reason, never the network's answer; the log keeps the cause.
      outcome = { ok: false, error: error instanceof RecordableDeliveryError ? error.message : DELIVERY_FAILED };
      this.metrics.failed(target.channel);
      this.logger.warn(
        { messageId: row.messageId, target: row.target, attempt, cause: describeError(error) },
        `delivery attempt failed: ${outcome.error}`,
      );
    }

    const now = this.clock.now();
    if (outcome.ok) {
      await this.messages.commands.handle(
        streamId,
        { kind: 'RecordDelivered', target: row.target, attempt, response: outcome.response, at: now.toISOString() },
        step(attempt, 'outcome'),
      );
      await repo.update(where, { status: 'sent', lastError: null, updatedAt: now.toISOString() });
      return;
    }
    const maxAttempts = this.config.domain.deliveryMaxAttempts;
    const last = attempt >= row.budgetEnd;
    const nextAttemptAt = last
      ? undefined
      : new Date(now.getTime() + retryDelayMs(this.config.domain.deliveryRetryBaseMs, attempt - (row.budgetEnd - maxAttempts))).toISOString();
    await this.messages.commands.handle(
      streamId,
      {
        kind: 'RecordFailure',
        target: row.target,
        attempt,
        error: outcome.error,
        at: now.toISOString(),
        ...(nextAttemptAt ? { nextAttemptAt } : {}),
      },
      step(attempt, 'outcome'),
    );
    await repo.update(where, {
      status: last ? 'dead' : 'failed',
      lastError: outcome.error.slice(0, 1000),
      nextAttemptAt: nextAttemptAt ?? row.nextAttemptAt,
      updatedAt: now.toISOString(),
    });
    if (last)
      this.logger.warn(
        { messageId: row.messageId, target: row.target, attempts: attempt, error: outcome.error },
        'delivery dead-lettered after its last attempt',
      );
  }

  private async send(target: DeliveryTarget, outgoing: Parameters<EmailSender>[1]): Promise<string> {
    switch (target.channel) {
      case 'email':
        if (!this.email) throw new RecordableDeliveryError('email is off (SMTP_URL is not set)');
        return this.email(target.to, outgoing);
      case 'webhook': {
        const secret = webhookSecretOf(this.env, target.secretEnv);
        if (!secret)
          throw new RecordableDeliveryError(
            `the signing secret ${target.secretEnv} is not set in this service's environment (only ${WEBHOOK_SECRET_PREFIX}… variables are read)`,
          );
        return sendWebhook({ url: target.url, secret }, outgoing, this.targets);
      }
      case 'inbox':
        return 'inbox';
    }
  }
}

/** The whole cause, for the service log only. */
function describeError(error: unknown): string {
  if (error instanceof RecordableDeliveryError) return error.detail;
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
