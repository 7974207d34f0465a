/** Flushes the process's spans when the app shuts down: provided by the root module, whose hooks Nest runs last. */
import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import type { Tracing } from './tracing';

const TRACING = Symbol('TRACING');

@Injectable()
class TracingLifecycle implements OnApplicationShutdown {
  constructor(@Inject(TRACING) private readonly tracing: Tracing) {}

  onApplicationShutdown(): Promise<void> {
    return this.tracing.shutdown();
  }
}

export function tracingProviders(tracing: Tracing): Provider[] {
  return [{ provide: TRACING, useValue: tracing }, TracingLifecycle];
}
