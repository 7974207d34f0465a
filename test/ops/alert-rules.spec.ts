/**
 * The alert rules shipped in ops/prometheus/ (docs/operations/metrics.md):
 * `promtool check rules` accepts them and `promtool test rules` passes their
 * unit tests (each alert quiet before its condition held long enough, firing
 * after, quiet on a healthy series). promtool is Debian's prometheus package,
 * installed by scripts/infra/prometheus.sh when missing.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prometheusBinaries, RULES_DIR } from './support/prometheus';

jest.setTimeout(600_000);

let promtool: string;
beforeAll(() => ({ promtool } = prometheusBinaries()));

const run = (...args: string[]) => spawnSync(promtool, args, { cwd: RULES_DIR, encoding: 'utf8' });

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    const result = run('check', 'rules', 'alerts.yml');
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('pass their unit tests (promtool test rules)', () => {
    const result = run('test', 'rules', 'alerts.test.yml');
    expect(result.stdout + result.stderr).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('each alert has a unit test and a section of the runbook', () => {
    const alerts = [...readFileSync(join(RULES_DIR, 'alerts.yml'), 'utf8').matchAll(/- alert: (\w+)/g)].map((m) => m[1]);
    const tests = readFileSync(join(RULES_DIR, 'alerts.test.yml'), 'utf8');
    const runbook = readFileSync(join(RULES_DIR, '..', '..', 'docs', 'operations', 'metrics.md'), 'utf8');
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const alert of alerts) {
      expect({ alert, tested: tests.includes(`alertname: ${alert}\n`) }).toEqual({ alert, tested: true });
      expect({ alert, documented: runbook.includes(`### ${alert}\n`) }).toEqual({ alert, documented: true });
    }
  });
});
