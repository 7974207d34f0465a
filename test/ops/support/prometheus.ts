/**
 * Debian's Prometheus for the ops specs: the binaries (installed by
 * scripts/infra/prometheus.sh when missing), and a server on loopback with a
 * generated config and a data folder of its own, queried over its HTTP API.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pollUntil } from '@jm/testing';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const RULES_DIR = join(ROOT, 'ops', 'prometheus');

/** promtool and prometheus, installing Debian's package first when either is missing (minutes on a fresh machine). */
export function prometheusBinaries(): { promtool: string; prometheus: string } {
  const out = execFileSync('bash', [join(ROOT, 'scripts', 'infra', 'prometheus.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const [promtool, prometheus] = out.trim().split('\n');
  return { promtool, prometheus };
}

export interface PrometheusServer {
  url: string;
  /** An instant PromQL query: each series' labels and value. */
  query(promql: string): Promise<Array<{ metric: Record<string, string>; value: number }>>;
  /** Prometheus' view of its scrape targets. */
  targets(): Promise<Array<{ labels: Record<string, string>; health: string; lastError: string }>>;
  stop(): Promise<void>;
}

/** Starts prometheus with this config (YAML text) on 127.0.0.1:port; resolves once it answers /-/ready. */
export async function startPrometheus(binary: string, config: string, port: number, files: Record<string, string> = {}): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'jm-prometheus-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const child: ChildProcess = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h',
      '--log.level=warn',
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => child.on('exit', () => resolveExit()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${url}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== 'success') throw new Error(`prometheus ${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  try {
    await pollUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${stderr}`);
        return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok || undefined;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'prometheus to be ready' },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    query: async (promql) =>
      (
        await api<{ result: Array<{ metric: Record<string, string>; value: [number, string] }> }>(`/api/v1/query?query=${encodeURIComponent(promql)}`)
      ).result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) })),
    targets: async () =>
      (await api<{ activeTargets: Array<{ labels: Record<string, string>; health: string; lastError: string }> }>('/api/v1/targets')).activeTargets,
    stop,
  };
}
