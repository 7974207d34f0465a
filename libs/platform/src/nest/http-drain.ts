/**
 * Lets the HTTP server finish draining quickly. On shutdown Nest calls
 * server.close(), which waits for open connections; a keep-alive connection
 * whose request was still in flight becomes idle only after close() and would
 * otherwise linger until the client or keepAliveTimeout drops it, eating into
 * SHUTDOWN_TIMEOUT_MS. While shutting down, idle connections are closed as soon
 * as they turn idle; requests in flight still complete.
 */
import type { Server } from 'node:http';
import { BeforeApplicationShutdown, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

const SWEEP_INTERVAL_MS = 25;

@Injectable()
export class HttpDrain implements BeforeApplicationShutdown, OnApplicationShutdown {
  private sweeper: NodeJS.Timeout | undefined;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  beforeApplicationShutdown(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server || typeof server.closeIdleConnections !== 'function') return;
    this.sweeper = setInterval(() => server.closeIdleConnections(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }
}
