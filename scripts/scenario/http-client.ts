/** A small JSON client for the services' REST APIs: problem details become errors that say what went wrong. */
import { pollUntil } from '@jm/testing';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    const problem = body as { code?: string; detail?: string } | undefined;
    super(`${what} answered ${status}${problem?.code ? ` ${problem.code}` : ''}: ${problem?.detail ?? JSON.stringify(body)}`);
    this.name = 'ApiError';
  }
}

export class ApiClient {
  constructor(private readonly baseUrl: string) {}

  async request<T>(
    method: 'GET' | 'POST',
    path: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await res.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) throw new ApiError(res.status, body, `${method} ${path}`);
    return body as T;
  }

  get<T>(path: string, token?: string, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('GET', path, { token, headers });
  }

  post<T>(path: string, token: string | undefined, body: unknown = {}, headers?: Record<string, string>): Promise<T> {
    return this.request<T>('POST', path, { token, body, headers });
  }

  /** GETs until `ready` accepts the answer (a 404 counts as "not yet": projections are eventually consistent). */
  async waitFor<T>(path: string, token: string | undefined, ready: (body: T) => boolean, what: string, timeoutMs = 30000): Promise<T> {
    return pollUntil(
      async () => {
        try {
          const body = await this.get<T>(path, token);
          return ready(body) ? body : undefined;
        } catch (error) {
          if (error instanceof ApiError && error.status === 404) return undefined;
          throw error;
        }
      },
      { timeoutMs, what, intervalMs: 100 },
    );
  }
}
