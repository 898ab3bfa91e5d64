import { Body, Controller, Get, Header, HttpCode, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, ConsolePages } from '../access/access.decorator';
import { ApiTokensService } from '../access/api-tokens.service';
import { AuditLog } from '../access/audit-log.service';
import { ROLES } from '../access/roles';
import { UsersService } from '../access/users.service';
import { ConflictError, ValidationError } from '../common/errors';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PERIOD_KINDS } from '../pipeline/close-period';
import { ScheduleInput, SchedulesService } from '../pipeline/schedules.service';
import { REPORT_DEFINITIONS } from '../reports/report-catalog';
import { LOCALES } from '../reports/rendering/report-locale';
import { fieldErrors } from './console-auth.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage, ConsoleRequest, textFor } from './console-page';
import { ConsoleService } from './console.service';

type Form = Record<string, string | string[] | undefined>;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function list(v: unknown): string[] {
  return (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).filter((x): x is string => typeof x === 'string' && x !== '');
}

/** A schedule form as the service takes it: the form's text, with the number and list fields read. */
function scheduleInput(form: Form): ScheduleInput {
  const offset = str(form.periodOffset).trim();
  return {
    name: str(form.name),
    periodKind: str(form.periodKind),
    cron: str(form.cron),
    timeZone: str(form.timeZone).trim(),
    periodOffset: offset === '' ? undefined : /^\d+$/.test(offset) ? Number(offset) : (offset as unknown as number),
    reports: list(form.reports),
    locale: str(form.locale),
    recipients: str(form.recipients)
      .split(/[,\s]+/)
      .map((r) => r.trim())
      .filter(Boolean),
    tolerance: str(form.tolerance).trim() || '0',
    enabled: form.enabled === 'true',
  };
}

/** Schedules, users and the audit log. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleExceptionFilter)
@Controller()
export class ConsoleAdminController {
  constructor(
    private readonly page: ConsolePage,
    private readonly console: ConsoleService,
    private readonly schedules: SchedulesService,
    private readonly users: UsersService,
    private readonly tokens: ApiTokensService,
    private readonly auditLog: AuditLog,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // Schedules

  @Get('schedules')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async scheduleList(@Req() request: ConsoleRequest) {
    const text = textFor(request);
    const schedules = (await this.schedules.list()).map((s) => ({
      ...s,
      ticks: s.enabled ? this.console.scheduleTicks(s.cron, s.timeZone, text).slice(0, 1) : [],
    }));
    return this.page.render(request, 'schedules', { title: 'schedules.title', schedules, saved: request.query.saved ?? null });
  }

  @Get('schedules/new')
  @Access('configure')
  @Header('Content-Type', 'text/html; charset=utf-8')
  newSchedule(@Req() request: ConsoleRequest) {
    return this.scheduleForm(
      request,
      null,
      {
        name: '',
        periodKind: 'month',
        cron: '0 6 1 * *',
        timeZone: 'Europe/Oslo',
        periodOffset: 1,
        reports: REPORT_DEFINITIONS.map((r) => r.name),
        locale: 'nb-NO',
        recipients: [],
        tolerance: '0',
        enabled: true,
      },
      {},
    );
  }

  @Get('schedules/:id/edit')
  @Access('configure')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async editSchedule(@Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest) {
    return this.scheduleForm(request, id, await this.schedules.get(id), {});
  }

  /** The next five ticks of the cron and zone in the form, before saving (htmx swaps them in; without script the form comes back with them). */
  @Post('schedules/preview')
  @Access('configure')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  previewSchedule(@Body() form: Form, @Req() request: ConsoleRequest) {
    return this.page.render(request, 'schedule-ticks', {
      ticks: this.console.scheduleTicks(str(form.cron), str(form.timeZone).trim(), textFor(request)),
      fragment: true,
    });
  }

  @Post('schedules')
  @Access('configure')
  @HttpCode(200)
  async createSchedule(@Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.saveSchedule(null, form, request, response);
  }

  @Post('schedules/:id')
  @Access('configure')
  @HttpCode(200)
  async updateSchedule(@Param('id', ParseUUIDPipe) id: string, @Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.saveSchedule(id, form, request, response);
  }

  @Post('schedules/:id/enabled')
  @Access('configure')
  async enableSchedule(@Param('id', ParseUUIDPipe) id: string, @Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.schedules.update(id, { enabled: form.enabled === 'true' }, request.consoleSession?.userId as string);
    response.redirect(303, '/schedules');
  }

  // Users

  @Get('users')
  @Access('configure')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async userList(@Req() request: ConsoleRequest) {
    return this.usersPage(request, {}, {});
  }

  @Post('users')
  @Access('configure')
  @HttpCode(200)
  async createUser(@Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    try {
      const role = str(form.role);
      if (!(ROLES as readonly string[]).includes(role)) throw ValidationError.at(undefined, 'role', `'${role}' is not a role (${ROLES.join(', ')})`);
      const id = str(form.id).trim();
      if (!id) throw ValidationError.at(undefined, 'id', 'is required');
      await this.users.create(request.consoleSession?.userId as string, { id, role: role as never, displayName: str(form.displayName), password: null });
      // A new user gets a one-time password to replace at the first sign-in.
      const reset = await this.users.resetPassword(request.consoleSession?.userId as string, id, this.config.signIn.resetPasswordHours);
      response.type('text/html; charset=utf-8').send(await this.usersPage(request, {}, {}, reset));
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof ConflictError)) throw e;
      response
        .status(e.status)
        .type('text/html; charset=utf-8')
        .send(await this.usersPage(request, fieldErrors(e), form));
    }
  }

  @Get('users/:id')
  @Access('configure')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async user(@Param('id') id: string, @Req() request: ConsoleRequest) {
    return this.userPage(request, id, {});
  }

  @Post('users/:id')
  @Access('configure')
  @HttpCode(200)
  async updateUser(@Param('id') id: string, @Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    try {
      await this.users.update(request.consoleSession?.userId as string, id, {
        displayName: str(form.displayName),
        role: str(form.role) as never,
        disabled: form.disabled === 'true',
      });
      response.redirect(303, `/users/${encodeURIComponent(id)}?saved=1`);
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof ConflictError)) throw e;
      response
        .status(e.status)
        .type('text/html; charset=utf-8')
        .send(await this.userPage(request, id, { errors: fieldErrors(e) }));
    }
  }

  @Post('users/:id/password-reset')
  @Access('configure')
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  async resetPassword(@Param('id') id: string, @Req() request: ConsoleRequest) {
    const reset = await this.users.resetPassword(request.consoleSession?.userId as string, id, this.config.signIn.resetPasswordHours);
    return this.userPage(request, id, { reset });
  }

  @Post('users/:id/tokens/:tokenId/revoke')
  @Access('configure', { orSelf: 'id' })
  async revokeToken(@Param('id') id: string, @Param('tokenId', ParseUUIDPipe) tokenId: string, @Req() request: ConsoleRequest, @Res() response: Response) {
    await this.tokens.revoke(request.consoleSession?.userId as string, id, tokenId);
    response.redirect(303, `/users/${encodeURIComponent(id)}`);
  }

  // Audit log

  @Get('audit-log')
  @Access('audit')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async auditLogPage(@Query() query: Record<string, string>, @Req() request: ConsoleRequest) {
    const filters = Object.fromEntries(['from', 'to', 'userId', 'action', 'target', 'after'].filter((k) => query[k]).map((k) => [k, query[k]]));
    let page = null;
    let errors: Record<string, string> = {};
    try {
      const { after, ...text } = filters;
      if (after !== undefined && !/^\d{1,15}$/.test(after)) throw ValidationError.at(undefined, 'after', `'${after}' is not a whole number`);
      page = await this.auditLog.page({ ...text, after: after === undefined ? undefined : Number(after), limit: 100 });
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      errors = fieldErrors(e);
    }
    const { after: _after, ...rest } = filters;
    const items = (page?.items ?? []).map((i) => ({ ...i, detailsText: JSON.stringify(i.details) }));
    return this.page.render(request, 'audit-log', {
      title: 'audit.title',
      items,
      nextAfter: page?.nextAfter ?? null,
      filters,
      errors,
      base: new URLSearchParams(rest).toString(),
    });
  }

  private async saveSchedule(id: string | null, form: Form, request: ConsoleRequest, response: Response): Promise<void> {
    const input = scheduleInput(form);
    const user = request.consoleSession?.userId as string;
    try {
      const saved = id ? await this.schedules.update(id, input, user) : await this.schedules.create(input, user);
      response.redirect(303, `/schedules/${saved.id}/edit?saved=1`);
    } catch (e) {
      if (!(e instanceof ValidationError || e instanceof ConflictError)) throw e;
      response
        .status(e.status)
        .type('text/html; charset=utf-8')
        .send(this.scheduleForm(request, id, input, fieldErrors(e)));
    }
  }

  private scheduleForm(request: ConsoleRequest, id: string | null, values: ScheduleInput, errors: Record<string, string>): string {
    const text = textFor(request);
    const ticks = errors.cron || errors.timeZone ? [] : this.console.scheduleTicks(values.cron ?? '', values.timeZone ?? '', text);
    return this.page.render(request, 'schedule-form', {
      title: id ? 'schedules.edit' : 'schedules.new',
      id,
      values: { ...values, recipients: (values.recipients ?? []).join(', ') },
      errors,
      ticks,
      saved: request.query.saved === '1',
      periodKinds: PERIOD_KINDS,
      locales: LOCALES,
      reports: REPORT_DEFINITIONS.map((r) => ({ name: r.name, title: text.t(r.title), checked: (values.reports ?? []).includes(r.name) })),
    });
  }

  private async usersPage(request: ConsoleRequest, errors: Record<string, string>, values: Form, reset?: unknown): Promise<string> {
    return this.page.render(request, 'users', { title: 'users.title', users: await this.users.list(), roles: ROLES, errors, values, reset });
  }

  private async userPage(request: ConsoleRequest, id: string, extra: Record<string, unknown>): Promise<string> {
    const user = await this.users.get(id);
    return this.page.render(request, 'user', {
      title: 'users.title',
      u: user,
      roles: ROLES,
      tokens: await this.tokens.list(id),
      saved: request.query.saved === '1',
      ...extra,
    });
  }
}
