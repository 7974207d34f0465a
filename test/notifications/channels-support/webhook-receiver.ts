/**
 * A real HTTP server standing in for an agency's webhook endpoint. It keeps
 * every request (headers, raw body, arrival time) and answers as the test
 * says: a status code, or 'hold' to keep the request open without answering
 * (until release() or close()).
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  headers: IncomingMessage['headers'];
  body: Buffer;
  at: number;
}

export type Answer = number | 'hold';

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** Requests held open now. */
  held(): number;
  answer(next: (call: ReceivedCall) => Answer): void;
  /** Answers every held request with this status. */
  release(status: number): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/jm-hook'): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  const holding = new Set<ServerResponse>();
  let decide: (call: ReceivedCall) => Answer = () => 200;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const call = { headers: req.headers, body: Buffer.concat(chunks), at: Date.now() };
      calls.push(call);
      const answer = decide(call);
      if (answer === 'hold') {
        holding.add(res);
        res.on('close', () => holding.delete(res));
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    calls,
    held: () => holding.size,
    answer: (next) => (decide = next),
    release: (status) => {
      for (const res of holding) res.writeHead(status).end();
      holding.clear();
    },
    close: async () => {
      for (const res of holding) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
