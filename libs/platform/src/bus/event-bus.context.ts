/** What `@Ctx()` gives an @EventPattern handler on the event bus transport. */
import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import { StoredEvent } from '@jm/event-sourcing';
import { HandlerContext, TransactionScope } from '@jm/bus';

export class EventBusContext extends BaseRpcContext<[StoredEvent, HandlerContext]> {
  /** The consumer's transaction: write read models through it (rule 5). */
  get manager(): EntityManager {
    return this.args[1].manager;
  }
  get topic(): string {
    return this.args[1].topic;
  }
  /** Tries before this one (0 on the first). */
  get attempt(): number {
    return this.args[1].attempt;
  }
  /** Shared by the handlers of one consumer transaction (a run of events); see TransactionScope. */
  get transaction(): TransactionScope {
    return this.args[1].transaction;
  }
  get event(): StoredEvent {
    return this.args[0];
  }
}
