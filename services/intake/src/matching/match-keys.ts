/**
 * Normalised keys a lead or case is matched on. The same scheme gets reported
 * many times with different spellings: full-width characters, spaces, a
 * company's legal-form suffix, "www." or a port on a URL, +86 on a phone. Keys
 * are "<prefix>:<value>" strings (MatchKey in the contract) so they index and
 * travel as plain text.
 */
import { LeadSubject, MatchKey, MatchReasonKind } from '@jm/contracts';
import { isValidCreditCode, normalizeCreditCode } from '@jm/reference';

/** Longest first, so 有限责任公司 is not left as 有限责任 after stripping 公司. */
const COMPANY_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '有限公司',
  '集团公司',
  '集团',
  '分公司',
  '公司',
  'companylimited',
  'colimited',
  'coltd',
  'limited',
  'ltd',
  'inc',
  'corp',
  'co',
  'llc',
  'group',
];

/** Unicode punctuation, symbols, separators and whitespace. */
const NOISE = /[\p{P}\p{S}\p{Z}\s]/gu;

function fold(value: string): string {
  // NFKC turns full-width letters, digits, parentheses and spaces into their half-width forms.
  return value.normalize('NFKC').toLowerCase();
}

export function normalizeCompanyName(name: string): string {
  let s = fold(name)
    // A branch or region in parentheses names the same scheme: 某某公司(深圳分公司), 某某(有限公司).
    .replace(/\([^()]*\)/g, '')
    .replace(NOISE, '');
  for (let changed = true; changed;) {
    changed = false;
    for (const suffix of COMPANY_SUFFIXES) {
      if (s.endsWith(suffix) && s.length > suffix.length + 1) {
        s = s.slice(0, -suffix.length);
        changed = true;
        // Start again from the longest: what is left may end in a longer suffix than the ones still to try
        // (某某有限公司集团 → 某某有限公司 → 某某, not 某某有限).
        break;
      }
    }
  }
  return s;
}

export function normalizeAppName(name: string): string {
  let s = fold(name).replace(NOISE, '');
  if (s.endsWith('app') && s.length > 4) s = s.slice(0, -3);
  return s;
}

/** Lower-case host without "www." and port; undefined when the text is not a URL. */
export function websiteHost(url: string): string | undefined {
  const text = fold(url).trim();
  try {
    const parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`);
    const host = parsed.hostname.replace(/^www\./, '').replace(/\.$/, '');
    return host.includes('.') ? host : undefined;
  } catch {
    return undefined;
  }
}

/** Digits only, without the +86 / 0086 country code; undefined when too short to mean anything. */
export function phoneDigits(phone: string): string | undefined {
  let digits = fold(phone).replace(/\D/g, '');
  if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits.length >= 7 ? digits : undefined;
}

export const KEY_PREFIXES: Record<MatchReasonKind, string> = {
  credit_code: 'credit',
  company_name: 'name',
  website: 'host',
  app: 'app',
  phone: 'phone',
};

const KIND_BY_PREFIX = new Map(Object.entries(KEY_PREFIXES).map(([kind, prefix]) => [prefix, kind as MatchReasonKind]));

const key = (kind: MatchReasonKind, value: string | undefined): MatchKey | undefined =>
  value && value.length >= 2 ? `${KEY_PREFIXES[kind]}:${value}` : undefined;

/** Every key the subjects give, each once. */
export function matchKeysOf(subjects: readonly LeadSubject[]): MatchKey[] {
  const keys = new Set<MatchKey>();
  const add = (k: MatchKey | undefined) => k && keys.add(k);
  for (const s of subjects) {
    if (s.creditCode) {
      const code = normalizeCreditCode(s.creditCode);
      if (isValidCreditCode(code)) add(key('credit_code', code));
    }
    if (s.kind === 'company' && s.name) add(key('company_name', normalizeCompanyName(s.name)));
    if (s.kind === 'app' && s.name) add(key('app', normalizeAppName(s.name)));
    if (s.url) add(key('website', websiteHost(s.url)));
    if (s.phone) add(key('phone', phoneDigits(s.phone)));
  }
  return [...keys];
}

/** The reason a key stands for: "name:某某" → {kind: company_name, value: 某某}. */
export function reasonOf(matchKey: MatchKey): { kind: MatchReasonKind; value: string } | undefined {
  const at = matchKey.indexOf(':');
  const kind = KIND_BY_PREFIX.get(matchKey.slice(0, at));
  return kind ? { kind, value: matchKey.slice(at + 1) } : undefined;
}

/**
 * How much one shared key says that two reports are about the same scheme.
 * A credit code identifies a company; a normalised name almost does; a
 * website host or app name is usually the scheme's own; a phone number is
 * often a shared agent's or a call centre's.
 */
export const REASON_WEIGHTS: Record<MatchReasonKind, number> = {
  credit_code: 1.0,
  company_name: 0.8,
  website: 0.7,
  app: 0.6,
  phone: 0.5,
};

/**
 * Score of a link: 1 - Π(1 - w) over the distinct kinds of shared keys, so
 * independent evidence adds up, a credit code alone gives 1.0 and nothing ever
 * exceeds 1. Rounded to 3 decimals so the stored value is stable.
 */
export function matchScore(reasons: ReadonlyArray<{ kind: MatchReasonKind }>): number {
  const kinds = new Set(reasons.map((r) => r.kind));
  let miss = 1;
  for (const kind of kinds) miss *= 1 - REASON_WEIGHTS[kind];
  return Math.round((1 - miss) * 1000) / 1000;
}
