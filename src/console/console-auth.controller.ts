import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/core';
import type { Response } from 'express';
import { Access, ConsolePages } from '../access/access.decorator';
import { ApiTokensService } from '../access/api-tokens.service';
import { AuthService } from '../access/auth.service';
import { ConsoleSessions } from '../access/console-sessions';
import { AuditLog } from '../access/audit-log.service';
import { AccessDeniedError, AuthenticationError, CostcloseError, TooManyRequestsError, ValidationError } from '../common/errors';
import { inTransaction } from '../database/sql-session';
import { isConsoleLocale } from './console-locale';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { setSessionCookie } from './console-http';
import { ConsolePage, ConsoleRequest, textFor } from './console-page';

type Form = Record<string, string | undefined>;

/** Only a path of this console: never another site after sign-in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\\]*$/.test(next) && !next.startsWith('/api') ? next : '/';
}

/** Sign in and out, the language, and the signed-in user's own account (password, tokens). */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleExceptionFilter)
@Controller()
export class ConsoleAuthController {
  constructor(
    private readonly page: ConsolePage,
    private readonly auth: AuthService,
    private readonly sessions: ConsoleSessions,
    private readonly tokens: ApiTokensService,
    private readonly auditLog: AuditLog,
    private readonly orm: MikroORM,
  ) {}

  @Get('sign-in')
  @Access('public')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async signInPage(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response, @Query('next') next?: string) {
    if (!request.consoleSession) {
      // A signed-out browser's session, for this form's CSRF token.
      request.consoleSession = await this.sessions.startAnonymous(null);
      setSessionCookie(request, response, request.consoleSession);
    }
    return this.page.render(request, 'sign-in', { title: 'signIn.title', next: safeNext(next), bare: true });
  }

  @Post('sign-in')
  @Access('public')
  @HttpCode(200)
  async signIn(@Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    const userName = (form.userName ?? '').trim();
    const password = form.password ?? '';
    const newPassword = form.newPassword ? form.newPassword : null;
    const next = safeNext(form.next);
    try {
      if (newPassword !== null && newPassword !== form.confirmPassword)
        throw ValidationError.at(undefined, 'confirmPassword', 'does not match the new password');
      const verified = await this.auth.verifyCredentials(userName, password, request.ip ?? null, newPassword, 'console');
      const previous = request.consoleSession;
      const session = await inTransaction(this.orm, async (sql) => {
        await verified.complete(sql);
        const s = await this.sessions.signIn(verified.user.id, previous?.secret, previous?.locale ?? null, sql);
        await this.auditLog.record(
          { userId: verified.user.id, action: 'auth.login', target: userName, details: { via: 'console', address: request.ip ?? null } },
          sql,
        );
        return s;
      });
      setSessionCookie(request, response, session);
      response.redirect(303, next);
    } catch (e) {
      if (!(e instanceof AuthenticationError || e instanceof AccessDeniedError || e instanceof ValidationError || e instanceof TooManyRequestsError)) throw e;
      const mustChange = e instanceof AccessDeniedError || (e instanceof ValidationError && newPassword !== null);
      const status = (e as CostcloseError).status;
      if (e instanceof TooManyRequestsError) response.setHeader('Retry-After', String(e.retryAfterSeconds));
      const errors = Object.fromEntries((e as CostcloseError).details.filter((d) => d.field).map((d) => [d.field, d.message]));
      response
        .status(status)
        .type('text/html; charset=utf-8')
        .send(this.page.render(request, 'sign-in', { title: 'signIn.title', next, bare: true, userName, mustChange, error: e.message, errors }));
    }
  }

  @Post('sign-out')
  @Access('authenticated')
  async signOut(@Req() request: ConsoleRequest, @Res() response: Response) {
    if (request.consoleSession) await this.sessions.end(request.consoleSession.secret);
    setSessionCookie(request, response, null);
    response.redirect(303, '/sign-in');
  }

  @Post('language')
  @Access('public')
  async language(@Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    if (!isConsoleLocale(form.locale)) throw ValidationError.at(undefined, 'locale', `'${String(form.locale)}' is not a language of the console (en, nb-NO)`);
    if (request.consoleSession) await this.sessions.setLocale(request.consoleSession.secret, form.locale);
    response.redirect(303, safeNext(form.back));
  }

  @Get('account')
  @Access('authenticated')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async account(@Req() request: ConsoleRequest) {
    return this.accountPage(request, {});
  }

  @Post('account/tokens')
  @Access('authenticated')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async issueToken(@Body() form: Form, @Req() request: ConsoleRequest) {
    const me = request.consoleSession?.userId as string;
    try {
      const expiresAt = form.expiresAt ? new Date(`${form.expiresAt}T23:59:59Z`) : null;
      if (expiresAt && Number.isNaN(expiresAt.getTime())) throw ValidationError.at(undefined, 'expiresAt', `'${form.expiresAt}' is not a date (YYYY-MM-DD)`);
      const issued = await this.tokens.issue(me, me, { name: (form.name ?? '').trim(), expiresAt });
      return this.accountPage(request, { issued });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      return this.accountPage(request, { tokenErrors: fieldErrors(e) });
    }
  }

  @Post('account/tokens/:tokenId/revoke')
  @Access('authenticated')
  async revokeToken(@Param('tokenId') tokenId: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    const me = request.consoleSession?.userId as string;
    await this.tokens.revoke(me, me, tokenId);
    response.redirect(303, '/account');
  }

  /** Changing one's password signs the user out of every session, this one included, and back in here with a new one. */
  @Post('account/password')
  @Access('authenticated')
  @HttpCode(200)
  async changePassword(@Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    const me = request.consoleSession?.userId as string;
    try {
      if (!form.newPassword) throw ValidationError.at(undefined, 'newPassword', 'is required');
      if (form.newPassword !== form.confirmPassword) throw ValidationError.at(undefined, 'confirmPassword', 'does not match the new password');
      const verified = await this.auth.verifyCredentials(me, form.currentPassword ?? '', request.ip ?? null, form.newPassword, 'console');
      const session = await inTransaction(this.orm, async (sql) => {
        await verified.complete(sql);
        return this.sessions.signIn(me, undefined, request.consoleSession?.locale ?? null, sql);
      });
      setSessionCookie(request, response, session);
      response.redirect(303, '/account?changed=1');
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof AuthenticationError)) throw e;
      const errors = e instanceof AuthenticationError ? { currentPassword: textFor(request).t('account.wrongPassword') } : fieldErrors(e);
      response
        .status(e.status)
        .type('text/html; charset=utf-8')
        .send(await this.accountPage(request, { passwordErrors: errors }));
    }
  }

  private async accountPage(request: ConsoleRequest, extra: Record<string, unknown>): Promise<string> {
    const me = request.consoleSession?.userId as string;
    const tokens = await this.tokens.list(me);
    return this.page.render(request, 'account', { title: 'account.title', tokens, changed: request.query.changed === '1', ...extra });
  }
}

export function fieldErrors(e: CostcloseError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of e.details) out[d.field ?? '_'] = out[d.field ?? '_'] ? `${out[d.field ?? '_']}; ${d.message}` : d.message;
  if (e.details.length === 0) out._ = e.message;
  return out;
}
