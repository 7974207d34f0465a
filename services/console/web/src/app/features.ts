/**
 * What a feature folder gives the shell: its menu entry, its routes and its
 * texts. The shell (layout, router, i18n) builds itself from the list in
 * features/index.ts, so a feature is added by one line there.
 */
import type { ReactNode } from 'react';
import type { RouteObject } from 'react-router-dom';
import type { LocaleMessages } from './i18n';

/** Role codes as the services' tokens carry them (libs/reference ROLES). */
export type Role = 'office_officer' | 'convener' | 'unit_officer' | 'street_officer' | 'analyst' | 'auditor' | 'admin';

export interface MenuEntry {
  /** Route path the entry opens, e.g. "/cases". */
  path: string;
  /** Message key of the label, e.g. "cases.menu". */
  labelKey: string;
  icon?: ReactNode;
  /** Shown only to a session holding one of these roles; absent: every signed-in user. */
  roles?: Role[];
  /** Order in the side menu (ascending). */
  order: number;
}

export interface ConsoleFeature {
  key: string;
  menu?: MenuEntry[];
  /** Routes inside the signed-in layout. */
  routes?: RouteObject[];
  /** Routes outside it (the public reporting pages, sign-in). */
  publicRoutes?: RouteObject[];
  messages: LocaleMessages;
}
