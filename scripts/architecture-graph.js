#!/usr/bin/env node
/**
 * `npm run docs:architecture`: draws the workspace's projects and who imports whom
 * from the Nx project graph (a Mermaid flowchart) into docs/architecture.md,
 * between the markers below. `--check` only compares and exits 1 when the
 * document is stale (test/workspace/architecture-doc.spec.ts runs it).
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync, writeFileSync, mkdtempSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const { tmpdir } = require('node:os');

const ROOT = join(__dirname, '..');
const DOC = join(ROOT, 'docs', 'architecture.md');
const BEGIN = '<!-- project-graph:begin (npm run docs:architecture) -->';
const END = '<!-- project-graph:end -->';

function projectGraph() {
  const dir = mkdtempSync(join(tmpdir(), 'jm-graph-'));
  try {
    const file = join(dir, 'graph.json');
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'graph', `--file=${file}`], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    return JSON.parse(readFileSync(file, 'utf8')).graph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A Mermaid node id (no dashes). */
const idOf = (name) => name.replace(/[^A-Za-z0-9]/g, '_');

/** The diagram: services, then libraries; an arrow is "imports". */
function mermaid(graph) {
  const nodes = Object.values(graph.nodes).sort((a, b) => a.name.localeCompare(b.name));
  const services = nodes.filter((n) => n.type === 'app');
  const libs = nodes.filter((n) => n.type !== 'app');
  const lines = ['```mermaid', 'flowchart TD'];
  lines.push('  subgraph services');
  for (const n of services) lines.push(`    ${idOf(n.name)}["services/${n.name}"]`);
  lines.push('  end');
  lines.push('  subgraph libraries');
  for (const n of libs) lines.push(`    ${idOf(n.name)}["@jm/${n.name}"]`);
  lines.push('  end');
  const edges = [];
  for (const [from, deps] of Object.entries(graph.dependencies)) {
    for (const d of deps) if (graph.nodes[d.target]) edges.push(`  ${idOf(from)} --> ${idOf(d.target)}`);
  }
  lines.push(...[...new Set(edges)].sort());
  lines.push('```');
  return lines.join('\n');
}

const doc = readFileSync(DOC, 'utf8');
const start = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (start < 0 || end < start) {
  console.error(`docs/architecture.md lacks the markers ${BEGIN} … ${END}`);
  process.exit(2);
}
const next = `${doc.slice(0, start + BEGIN.length)}\n${mermaid(projectGraph())}\n${doc.slice(end)}`;
if (process.argv.includes('--check')) {
  if (next !== doc) {
    console.error('docs/architecture.md: the project graph changed; run `npm run docs:architecture`');
    process.exit(1);
  }
  console.log('docs/architecture.md: the project graph is current');
} else {
  writeFileSync(DOC, next);
  console.log('docs/architecture.md: project graph written');
}
