/**
 * Texts a person reads come from locale messages: zh-CN by default, English
 * switchable (kept in localStorage). Each feature brings its own messages,
 * keys prefixed with the feature's key; `t("leads.title", { n: 3 })` fills
 * {n} placeholders. A key missing in English falls back to zh-CN, a key missing
 * everywhere shows the key itself (and the i18n spec fails on it).
 */
import { createContext, ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: Locale[] = ['zh-CN', 'en'];
export type Messages = Record<string, string>;
export interface LocaleMessages {
  'zh-CN': Messages;
  en: Messages;
}

const STORAGE_KEY = 'jm.locale';

export function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'zh-CN';
}

export type Translate = (key: string, params?: Record<string, string | number>) => string;

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | undefined>(undefined);

export function mergeMessages(parts: LocaleMessages[]): LocaleMessages {
  const merged: LocaleMessages = { 'zh-CN': {}, en: {} };
  for (const part of parts) {
    Object.assign(merged['zh-CN'], part['zh-CN']);
    Object.assign(merged.en, part.en);
  }
  return merged;
}

export function translator(messages: LocaleMessages, locale: Locale): Translate {
  return (key, params) => {
    const text = messages[locale][key] ?? messages['zh-CN'][key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole)) : text;
  };
}

export function I18nProvider({ messages, children }: { messages: LocaleMessages; children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const value = useMemo(() => ({ locale, setLocale, t: translator(messages, locale) }), [locale, setLocale, messages]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

export function useT(): Translate {
  return useI18n().t;
}
