/** Test helpers for specs of every project: the real servers of a test run and polling for a condition. Each library keeps its own helpers in src/testing/. */
export * from './poll';
export * from './infra';
export * from './source-files';
