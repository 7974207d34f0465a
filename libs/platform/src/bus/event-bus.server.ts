/**
 * NestJS custom transport over the Bus port, so services declare consumers the
 * NestJS way:
 *
 *   @EventPattern('LeadReceived')
 *   onLead(@Payload() event: StoredEvent, @Ctx() ctx: EventBusContext) { ... ctx.manager ... }
 *
 * The pattern is the event type. listen() starts one consumer for the configured
 * group and topics; each event goes to the handler of its type inside the
 * consumer transaction, and the handler's promise or observable is awaited there.
 * When several controllers handle one type, Nest chains them and runs them all
 * (started in registration order, joined) within that same transaction: one
 * failing rolls all of them back and the event is retried as a whole.
 * A throwing handler goes through the core's retry and parking, so an offset or
 * checkpoint never moves past a failed event (unlike Nest's own Kafka server).
 * An event type with no handler is recorded as processed: nothing to do.
 */
import { CustomTransportStrategy, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { StoredEvent } from '@jm/event-sourcing';
import { Bus, BusRunningConsumer, ConsumerObserver, HandlerContext, ParkedEvent, ReplayOptions } from '@jm/bus';
import type { KafkaConsumerTuning } from '@jm/bus';
import { EventBusContext } from './event-bus.context';

export const EVENT_BUS_TRANSPORT = Symbol('EVENT_BUS_TRANSPORT');

export interface EventBusServerOptions {
  bus: Bus;
  group: string;
  topics: string[];
  maxAttempts?: number;
  retryDelayMs?: number | ((retry: number) => number);
  onParked?: (parked: ParkedEvent) => void;
  /** Kafka fetch and run settings (ignored by the embedded bus). */
  kafka?: KafkaConsumerTuning;
  observer?: ConsumerObserver;
}

/** Nest's exception layer turns errors into plain objects; give the core a real Error. */
function asError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    return new Error(typeof message === 'string' ? message : JSON.stringify(error));
  }
  return new Error(String(error));
}

export class EventBusServer extends Server implements CustomTransportStrategy {
  override readonly transportId = EVENT_BUS_TRANSPORT;
  private consumer?: BusRunningConsumer;

  /** The consumer group this server's consumer belongs to. */
  get group(): string {
    return this.options.group;
  }

  constructor(private readonly options: EventBusServerOptions) {
    super();
  }

  async listen(callback: (error?: unknown, ...info: unknown[]) => void): Promise<void> {
    try {
      const { bus, group, topics, maxAttempts, retryDelayMs, onParked, kafka, observer } = this.options;
      this.consumer = (await bus.startConsumer({
        ...(bus.kind === 'kafka' ? kafka : {}),
        group,
        topics,
        maxAttempts,
        retryDelayMs,
        onParked,
        observer,
        handler: (event, context) => this.dispatch(event, context),
      } as Parameters<Bus['startConsumer']>[0])) as BusRunningConsumer;
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.stop();
  }

  /** Re-runs a parked event of this server's group through its @EventPattern handler. */
  async replayParked(eventId: string, options?: ReplayOptions): Promise<void> {
    if (!this.consumer?.replayParked) throw new Error('EventBusServer is not listening');
    await this.consumer.replayParked(eventId, options);
  }

  on(): never {
    throw new Error('EventBusServer does not emit events; use the status observable');
  }

  unwrap<T>(): T {
    return this.options.bus as T;
  }

  /**
   * Handlers by event type, looked up once per type: Nest's lookup tries each pattern as JSON first, and a plain
   * event type fails that parse with a thrown SyntaxError on every event (about 50 µs each).
   */
  private readonly handlersByType = new Map<string, ReturnType<Server['getHandlerByPattern']>>();

  private async dispatch(event: StoredEvent, context: HandlerContext): Promise<void> {
    let handler = this.handlersByType.get(event.type);
    if (handler === undefined && !this.handlersByType.has(event.type)) {
      handler = this.getHandlerByPattern(event.type);
      this.handlersByType.set(event.type, handler);
    }
    if (!handler) return;
    try {
      const result = await handler(event, new EventBusContext([event, context]));
      // An async handler's promise is settled by now; only an observable (or a value) goes through Nest's wrapping.
      if (result !== undefined) await lastValueFrom(this.transformToObservable(result), { defaultValue: undefined });
    } catch (error) {
      throw asError(error);
    }
  }
}
