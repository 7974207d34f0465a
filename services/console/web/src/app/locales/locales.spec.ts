/**
 * Every text of the console in both languages: each zh-CN key has an English
 * text and the reverse, and no zh-CN text is plain ASCII English (a text left
 * untranslated). Reads the shell's messages and every feature's locales.ts.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { LocaleMessages } from '../i18n';
import { appMessages } from './index';

/** zh-CN texts that are rightly ASCII: the locale switch names the other language. */
const ASCII_ALLOWED = new Set(['app.language']);

function isLocaleMessages(value: unknown): value is LocaleMessages {
  return typeof value === 'object' && value !== null && 'zh-CN' in value && 'en' in value;
}

const FEATURES = join(__dirname, '../../features');
const sources: [string, LocaleMessages][] = [['app', appMessages]];
for (const feature of readdirSync(FEATURES)) {
  const file = join(FEATURES, feature, 'locales.ts');
  if (!existsSync(file)) continue;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- each feature's plain .ts locale module, found at run time
  const exported = Object.values(require(file) as Record<string, unknown>).filter(isLocaleMessages);
  for (const messages of exported) sources.push([feature, messages]);
}

describe.each(sources)('the %s locale messages', (_name, messages) => {
  it('has an English text for every zh-CN key and a zh-CN text for every English key', () => {
    expect(Object.keys(messages.en).filter((key) => !(key in messages['zh-CN']))).toEqual([]);
    expect(Object.keys(messages['zh-CN']).filter((key) => !messages.en[key]?.trim())).toEqual([]);
  });

  it('has no zh-CN text in plain ASCII English', () => {
    const untranslated = Object.entries(messages['zh-CN']).filter(
      ([key, text]) => !ASCII_ALLOWED.has(key) && /[A-Za-z]/.test(text) && /^[\x20-\x7e]*$/.test(text),
    );
    expect(untranslated).toEqual([]);
  });

  it('keeps the same {placeholders} in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differing = Object.keys(messages['zh-CN']).filter(
      (key) => messages.en[key] && names(messages['zh-CN'][key]).join() !== names(messages.en[key]).join(),
    );
    expect(differing).toEqual([]);
  });
});
