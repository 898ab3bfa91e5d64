/**
 * The console's Express middleware (issue 14), installed before Nest's routes:
 *
 * - the session: the `costclose_session` cookie (HttpOnly, SameSite=Strict, Secure behind TLS)
 *   names a row of console_session; every request outside /api gets `request.consoleSession`;
 * - form bodies: URL-encoded forms up to 16 kB (the same limit as a public JSON body); the
 *   package upload is multipart and read by its route, after the guard knows the user;
 * - static files: the console's CSS and JavaScript, and htmx and ECharts from their installed
 *   npm packages (no CDN), under /assets. Scripts are files: the CSP allows no inline script.
 *
 * The API under /api is left alone: it authenticates by bearer token only.
 */
import * as path from 'path';
import express from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { ConsoleSession, ConsoleSessions } from '../access/console-sessions';
import { projectRoot } from '../common/project-root';

export const SESSION_COOKIE = 'costclose_session';
export const CONSOLE_FORM_LIMIT = '16kb';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a cookie we did not write: ignored
    }
  }
  return out;
}

export function setSessionCookie(request: Request, response: Response, session: ConsoleSession | null): void {
  const secure = request.secure ? '; Secure' : '';
  if (!session) {
    response.append('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
    return;
  }
  const maxAge = Math.max(0, Math.floor((session.expiresAt.getTime() - Date.now()) / 1000));
  response.append('Set-Cookie', `${SESSION_COOKIE}=${session.secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`);
}

/** The files the pages load, by URL: the console's own and the two libraries' builds. */
export function consoleAssetFiles(): Record<string, string> {
  return {
    '/assets/vendor/htmx.min.js': require.resolve('htmx.org/dist/htmx.min.js'),
    '/assets/vendor/echarts.min.js': require.resolve('echarts/dist/echarts.min.js'),
  };
}

export function installConsoleHttp(app: NestExpressApplication): void {
  const sessions = app.get(ConsoleSessions);
  const vendor = consoleAssetFiles();
  const own = express.static(path.join(projectRoot(), 'console-assets'), { index: false, fallthrough: true, maxAge: '1h' });
  app.use('/assets', (request: Request, response: Response, next: NextFunction) => {
    const file = vendor[`/assets${request.path}`];
    if (file && (request.method === 'GET' || request.method === 'HEAD')) {
      response.setHeader('Cache-Control', 'public, max-age=3600');
      response.sendFile(file);
      return;
    }
    own(request, response, next);
  });
  const forms = express.urlencoded({ extended: false, limit: CONSOLE_FORM_LIMIT, parameterLimit: 200 });
  app.use((request: Request & { consoleSession?: ConsoleSession | null }, response: Response, next: NextFunction) => {
    if (request.path === '/api' || request.path.startsWith('/api/') || request.path.startsWith('/assets/')) {
      next();
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    sessions.find(parseCookies(request.headers.cookie)[SESSION_COOKIE]).then(
      (session) => {
        request.consoleSession = session;
        forms(request, response, next);
      },
      (error: unknown) => next(error),
    );
  });
}
