import type { Schemas } from './bench-env';
export async function e2eLatencyCase(_o: { pgUrl: string; kafkaBrokers: string[]; schemas: Schemas; rate: number; seconds: number; onCleanup: (fn: () => Promise<void>) => void }): Promise<{ p50: number; p99: number; ratePerS: number }> {
  throw new Error('todo');
}
