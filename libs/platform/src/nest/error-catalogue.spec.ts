/**
 * The error catalogue is the one list of codes: docs/errors.md shows exactly it
 * (both directions, every column), and every code the services and the libraries
 * throw is in it.
 */
import { readFileSync } from 'node:fs';
import { sourceFiles as walkSources } from '@jm/testing';
import { join } from 'node:path';
import { ERROR_CATALOGUE } from './error-catalogue';

const ROOT = join(__dirname, '../../../..');

/** Codes of errors that never reach HTTP (bus and audit internals); one that did would answer 500 INTERNAL. */
const NOT_HTTP = new Set(['HASH_CHAIN_BROKEN', 'INVALID_MESSAGE', 'MALFORMED_INTAKE_EVENT', 'CONTRACT_EVENT_REFUSED']);

interface DocRow {
  code: string;
  status: number;
  zh: string;
  en: string;
  when: string;
}

function docRows(): DocRow[] {
  const text = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
  const codes = text.slice(text.indexOf('\n## Codes'));
  return codes
    .split('\n')
    .filter((line) => /^\| `[A-Z_0-9]+` \|/.test(line))
    .map((line) => {
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|'));
      return { code: cells[0].replace(/`/g, ''), status: Number(cells[1]), zh: cells[2], en: cells[3], when: cells[4] };
    });
}

const sourceFiles = (dir: string): string[] => walkSources(dir, { skipFolders: ['testing'], specs: false });

describe('error catalogue', () => {
  it('has one entry per code', () => {
    const codes = ERROR_CATALOGUE.map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('docs/errors.md has one table row per catalogue entry, with the same status, titles and text', () => {
    const fromCode = ERROR_CATALOGUE.map((e) => ({ code: e.code, status: e.status, zh: e.title['zh-CN'], en: e.title.en, when: e.when }));
    expect(docRows()).toEqual(fromCode);
  });

  it('every code the services and libraries throw is catalogued', () => {
    const used = new Set<string>();
    for (const file of [...sourceFiles(join(ROOT, 'services')), ...sourceFiles(join(ROOT, 'libs'))]) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?:\bcode: |\bcode = )'([A-Z][A-Z0-9_]+)'/g)) used.add(match[1]);
    }
    const catalogued = new Set(ERROR_CATALOGUE.map((e) => e.code));
    // The scan must see the codes it is meant to find, or it proves nothing.
    expect([...used]).toEqual(expect.arrayContaining(['VALIDATION_FAILED', 'RATE_LIMITED', 'REBUILD_RUNNING', 'KEY_SHREDDED', 'EVIDENCE_TOO_LARGE']));
    expect([...used].filter((code) => !catalogued.has(code) && !NOT_HTTP.has(code)).sort()).toEqual([]);
  });
});
