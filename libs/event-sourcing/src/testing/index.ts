/** Test helpers of this library, for the specs of others: `@jm/event-sourcing/testing`. */
export * from './decider-spec';
export * from './stored-event';
