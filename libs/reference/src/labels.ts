/**
 * Reference tables (enums with stable English codes and zh-CN / English labels).
 * Codes go into events and APIs and never change; labels are what people read.
 */
export type Lang = 'zh-CN' | 'en';

export interface Label {
  'zh-CN': string;
  en: string;
}

export type LabelTable<Code extends string> = Readonly<Record<Code, Label>>;

export function codesOf<Code extends string>(table: LabelTable<Code>): Code[] {
  return Object.keys(table) as Code[];
}

export function labelOf<Code extends string>(table: LabelTable<Code>, code: NoInfer<Code> | (string & {}), lang: Lang = 'zh-CN'): string {
  const label = (table as Record<string, Label | undefined>)[code];
  return label ? label[lang] : code;
}

/** "code (label)" pairs, for error messages that say what is allowed. */
export function describeCodes<Code extends string>(table: LabelTable<Code>, lang: Lang = 'zh-CN'): string {
  return codesOf(table)
    .map((code) => `${code} (${table[code][lang]})`)
    .join(', ');
}
