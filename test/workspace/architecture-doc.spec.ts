/**
 * docs/architecture.md draws the project graph (scripts/architecture-graph.js);
 * this fails when a project or an import between projects changed and the
 * picture was not redrawn (`npm run docs:architecture`).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('docs/architecture.md', () => {
  it('draws the current project graph', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts', 'architecture-graph.js'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`architecture-graph --check exited ${run.status}: ${run.stderr}`);
    expect(run.stdout).toContain('the project graph is current');
  });
});
