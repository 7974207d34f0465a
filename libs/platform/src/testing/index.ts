/** Test helpers of this library, for the specs of others: `@jm/platform/testing`. */
export * from './auth';
