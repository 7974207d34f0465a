/** The one way a service builds a CommandHandler: a module provider on the shared event store, injected by its token. */
import type { FactoryProvider } from '@nestjs/common';
import { CommandHandler } from '@jm/event-sourcing';
import type { Decider, DomainEvent, EventStore } from '@jm/event-sourcing';
import { EVENT_STORE_TOKEN } from './tokens';

export function commandHandlerProvider<Command, State, Event extends DomainEvent>(
  token: symbol,
  decider: Decider<Command, State, Event>,
  schemaVersions?: Record<string, number>,
): FactoryProvider<CommandHandler<Command, State, Event>> {
  return {
    provide: token,
    useFactory: (store: EventStore) => new CommandHandler(store, decider, schemaVersions ? { schemaVersions } : {}),
    inject: [EVENT_STORE_TOKEN],
  };
}
