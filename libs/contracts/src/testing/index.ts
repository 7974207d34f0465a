/** Test helpers of this library, for the specs of others: `@jm/contracts/testing`. */
export * from './contract-agreement';
export * from './negotiation-record';
