/** The service's consumer (its EventBusServer), handed over by connectServiceConsumer, for replays from the API. */
import { Injectable } from '@nestjs/common';
import type { EventBusServer } from '../bus/event-bus.server';

@Injectable()
export class ParkedConsumer {
  private server?: EventBusServer;

  attach(server: EventBusServer): void {
    this.server = server;
  }

  /** The consumer of `group` in this process, if any. */
  of(group: string): EventBusServer | undefined {
    return this.server?.group === group ? this.server : undefined;
  }
}
