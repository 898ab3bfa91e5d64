/**
 * What every console page is rendered with: the signed-in user, the navigation their role may
 * use (ROLES_BY_LEVEL, the API's table), the session's CSRF token for the forms, and the
 * language. Controllers hand their view and its data to `render`.
 */
import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { ConsoleSession } from '../access/console-sessions';
import { AccessLevel, ROLES_BY_LEVEL, Role } from '../access/roles';
import { ConsoleText, isConsoleLocale, localeFromAcceptLanguage } from './console-locale';
import { ConsoleViews } from './console-views';

export type ConsoleRequest = Request & { consoleSession?: ConsoleSession | null };

interface NavEntry {
  href: string;
  key: string;
  level: Exclude<AccessLevel, 'public'>;
}

/** The navigation, each entry with the level of the pages behind it. */
export const NAVIGATION: NavEntry[] = [
  { href: '/', key: 'nav.overview', level: 'read' },
  { href: '/close-runs', key: 'nav.closeRuns', level: 'read' },
  { href: '/reconciliation', key: 'nav.reconciliation', level: 'read' },
  { href: '/reports', key: 'nav.reports', level: 'read' },
  { href: '/packages', key: 'nav.packages', level: 'read' },
  { href: '/items', key: 'nav.items', level: 'read' },
  { href: '/schedules', key: 'nav.schedules', level: 'read' },
  { href: '/users', key: 'nav.users', level: 'configure' },
  { href: '/audit-log', key: 'nav.auditLog', level: 'audit' },
];

export function may(role: Role | null | undefined, level: Exclude<AccessLevel, 'public'>): boolean {
  return !!role && ROLES_BY_LEVEL[level].includes(role);
}

export function textFor(request: ConsoleRequest): ConsoleText {
  const chosen = request.consoleSession?.locale;
  return new ConsoleText(isConsoleLocale(chosen) ? chosen : localeFromAcceptLanguage(request.headers['accept-language']));
}

@Injectable()
export class ConsolePage {
  constructor(private readonly views: ConsoleViews) {}

  render(request: ConsoleRequest, view: string, data: Record<string, unknown> = {}): string {
    const session = request.consoleSession ?? null;
    const text = textFor(request);
    const role = session?.role ?? null;
    const section = '/' + (request.path.split('/')[1] ?? '');
    const nav = session?.userId
      ? NAVIGATION.filter((n) => may(role, n.level)).map((n) => ({ href: n.href, label: text.t(n.key), current: n.href === section }))
      : [];
    return this.views.render(view, {
      ...data,
      text,
      lang: text.locale === 'nb-NO' ? 'nb' : 'en',
      locale: text.locale,
      csrf: session?.csrfToken ?? '',
      // Where the language menu comes back to: this page, or its section after a form (no GET there).
      path: request.method === 'GET' ? request.originalUrl : section,
      user: session?.userId ? { id: session.userId, role, displayName: session.displayName || session.userId } : null,
      can: { operate: may(role, 'operate'), configure: may(role, 'configure'), audit: may(role, 'audit') },
      nav,
      title: data.title ? text.t(String(data.title)) : undefined,
    });
  }
}
