export * from './decider';
export * from './upcasting';
export * from './command-handler';
