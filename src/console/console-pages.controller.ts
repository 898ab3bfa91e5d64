import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Req,
  Res,
  StreamableFile,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Access, ConsolePages, CsrfAfterUpload } from '../access/access.decorator';
import { checkConsoleCsrf } from '../access/access.guard';
import { AuditLog } from '../access/audit-log.service';
import { isIsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';
import { InventoryPeriodsService } from '../period-close/inventory-periods.service';
import { PeriodPackageService } from '../period-package/period-package.service';
import { CloseRunsService } from '../pipeline/close-runs.service';
import type { ReconciliationOptions } from '../reconciliation/inventory-gl-reconciliation.service';
import { REPORT_DEFINITIONS, REPORT_NAMES } from '../reports/report-catalog';
import { LOCALES, parseLocale } from '../reports/rendering/report-locale';
import { parseFormat, ReportService } from '../reports/report.service';
import { fieldErrors } from './console-auth.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsolePage, ConsoleRequest, textFor } from './console-page';
import { ConsoleService, DRILL_FIGURES } from './console.service';

type Form = Record<string, string | string[] | undefined>;

/** The largest package the console takes for verification (the API's authenticated body limit). */
export const PACKAGE_UPLOAD_LIMIT = 50 * 1024 * 1024;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function reconciliationOptions(q: Record<string, string | undefined>): ReconciliationOptions {
  for (const name of ['startDate', 'endDate'])
    if (q[name] && !isIsoDate(q[name])) throw ValidationError.at(undefined, name, `'${q[name]}' is not a date (YYYY-MM-DD)`);
  return {
    startDate: q.startDate || null,
    endDate: q.endDate || null,
    itemNos: q.itemNo
      ? q.itemNo
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    locationCode: q.locationCode !== undefined && q.locationCode !== '' ? q.locationCode : null,
  };
}

/** Overview, close runs, reconciliation, reports, packages and the item ledger browser. */
@ApiExcludeController()
@ConsolePages()
@UseFilters(ConsoleExceptionFilter)
@Controller()
export class ConsolePagesController {
  constructor(
    private readonly page: ConsolePage,
    private readonly console: ConsoleService,
    private readonly runs: CloseRunsService,
    private readonly reports: ReportService,
    private readonly packages: PeriodPackageService,
    private readonly periods: InventoryPeriodsService,
    private readonly auditLog: AuditLog,
  ) {}

  @Get()
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async overview(@Req() request: ConsoleRequest) {
    return this.page.render(request, 'overview', {
      title: 'overview.title',
      ...(await this.console.overview(request.consoleSession?.userId as string, textFor(request))),
    });
  }

  // Close runs

  @Get('close-runs')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async closeRuns(@Req() request: ConsoleRequest) {
    const text = textFor(request);
    const runs = (await this.runs.list({ limit: 50 })).map((r) => ({ ...r, statusLabel: text.t(`status.${r.status}`) }));
    return this.page.render(request, 'close-runs', { title: 'runs.title', runs });
  }

  @Get('close-runs/new')
  @Access('operate')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async newCloseRun(@Req() request: ConsoleRequest) {
    return this.closeForm(
      request,
      { dryRun: true, locale: textFor(request).locale, recipients: this.runs.defaults().recipients.join(', '), tolerance: '0.00' },
      {},
    );
  }

  @Post('close-runs')
  @Access('operate')
  @HttpCode(200)
  async startCloseRun(@Body() form: Form, @Req() request: ConsoleRequest, @Res() response: Response) {
    const input = {
      period: str(form.period).trim(),
      dryRun: form.dryRun === 'true',
      locale: str(form.locale),
      recipients: str(form.recipients)
        .split(/[,\s]+/)
        .map((r) => r.trim())
        .filter(Boolean),
      tolerance: str(form.tolerance).trim() || '0',
    };
    try {
      const run = await this.runs.startManual(input, request.consoleSession?.userId as string);
      response.redirect(303, `/close-runs/${run.id}`);
    } catch (e) {
      if (!(e instanceof ValidationError)) throw e;
      response
        .status(422)
        .type('text/html; charset=utf-8')
        .send(await this.closeForm(request, { ...input, recipients: str(form.recipients) }, fieldErrors(e)));
    }
  }

  @Get('close-runs/:id')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async closeRun(@Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest) {
    return this.page.render(request, 'close-run', { title: 'run.title', ...(await this.console.runPage(id, textFor(request))) });
  }

  /** The live part of a run's page: htmx asks every second while the run is not finished. */
  @Get('close-runs/:id/progress')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async closeRunProgress(@Param('id', ParseUUIDPipe) id: string, @Req() request: ConsoleRequest) {
    return this.page.render(request, 'close-run-progress', await this.console.runPage(id, textFor(request)));
  }

  @Post('close-runs/:id/resume')
  @Access('operate')
  async resumeCloseRun(@Param('id', ParseUUIDPipe) id: string, @Res() response: Response) {
    await this.runs.resume(id);
    response.redirect(303, `/close-runs/${id}`);
  }

  // Reconciliation

  @Get('reconciliation')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async reconciliation(@Query() query: Record<string, string>, @Req() request: ConsoleRequest) {
    const options = reconciliationOptions(query);
    const data = await this.console.reconciliationPage(options, request.consoleSession?.userId as string);
    const filter = new URLSearchParams(
      Object.entries({ startDate: query.startDate, endDate: query.endDate, itemNo: query.itemNo, locationCode: query.locationCode }).filter(([, v]) => v) as [
        string,
        string,
      ][],
    ).toString();
    return this.page.render(request, 'reconciliation', { title: 'reconciliation.title', ...data, query, filter });
  }

  @Get('reconciliation/entries')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async reconciliationEntries(@Query() query: Record<string, string>, @Req() request: ConsoleRequest) {
    const after = query.after ? Number(query.after) : 0;
    if (!Number.isInteger(after) || after < 0) throw ValidationError.at(undefined, 'after', 'must be a whole number');
    const data = await this.console.drillPage(
      reconciliationOptions(query),
      str(query.accountType),
      str(query.figure),
      after,
      request.consoleSession?.userId as string,
    );
    const { after: _after, ...rest } = query;
    const base = new URLSearchParams(rest).toString();
    return this.page.render(request, 'reconciliation-entries', { title: 'drill.title', ...data, query, base, figures: DRILL_FIGURES, fromStart: after === 0 });
  }

  // Reports

  @Get('reports')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  reportList(@Req() request: ConsoleRequest) {
    const text = textFor(request);
    return this.page.render(request, 'reports', { title: 'reports.title', reports: REPORT_DEFINITIONS.map((r) => ({ name: r.name, title: text.t(r.title) })) });
  }

  @Get('reports/:name')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async report(
    @Param('name') name: string,
    @Query() query: Record<string, string>,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
  ) {
    if (!REPORT_NAMES.includes(name)) throw ValidationError.at(undefined, 'name', `'${name.slice(0, 40)}' is not a report (${REPORT_NAMES.join(', ')})`);
    const text = textFor(request);
    const definition = REPORT_DEFINITIONS.find((r) => r.name === name)!;
    const { run, locale, ...raw } = query;
    const options = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
    const fields = definition.optionFields.map((f) => ({ ...f, label: text.t(f.label), value: query[f.name] ?? '', checked: query[f.name] === 'true' }));
    let preview = null;
    let errors: Record<string, string> = {};
    if (run) {
      try {
        preview = await this.console.reportPreview(name, options, request.consoleSession?.userId as string, text);
      } catch (e) {
        if (!(e instanceof ValidationError)) throw e;
        errors = fieldErrors(e);
        response.status(422);
      }
    }
    const download = new URLSearchParams(options).toString();
    return this.page.render(request, 'report', {
      title: 'reports.title',
      reportTitle: text.t(definition.title),
      name,
      fields,
      preview,
      errors,
      download,
      locales: LOCALES,
      reportLocale: locale ?? text.locale,
    });
  }

  @Get('reports/:name/file')
  @Access('read')
  async reportFile(@Param('name') name: string, @Query() query: Record<string, string>, @Req() request: ConsoleRequest): Promise<StreamableFile> {
    const { format, locale, ...raw } = query;
    const options = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
    const report = await this.reports.render(name, options, {
      format: parseFormat(format),
      locale: parseLocale(locale),
      userId: request.consoleSession?.userId as string,
    });
    return new StreamableFile(report.body, { type: report.contentType, disposition: `attachment; filename="${report.fileName}"`, length: report.body.length });
  }

  // Packages

  @Get('packages')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async packageList(@Req() request: ConsoleRequest) {
    return this.page.render(request, 'packages', {
      title: 'packages.title',
      packages: await this.console.packageList(),
      periods: (await this.periods.list()).filter((p) => p.closed),
    });
  }

  @Get('packages/:endingDate/file')
  @Access('read')
  async packageFile(
    @Param('endingDate') endingDate: string,
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    if (!isIsoDate(endingDate)) throw ValidationError.at(undefined, 'endingDate', `'${String(endingDate).slice(0, 40)}' is not a date (YYYY-MM-DD)`);
    const stored = await this.packages.find(endingDate);
    await this.auditLog.record({
      userId: request.consoleSession?.userId as string,
      action: 'package.download',
      target: stored.fileName,
      details: { endingDate, sha256: stored.sha256, size: stored.size, via: 'console' },
    });
    response.setHeader('X-Checksum-SHA256', stored.sha256);
    return new StreamableFile(this.packages.openRead(stored), {
      type: 'application/zip',
      disposition: `attachment; filename="${stored.fileName}"`,
      length: stored.size,
    });
  }

  /** Verifies an uploaded package: multipart, read within PACKAGE_UPLOAD_LIMIT once the guard knows the user; then its CSRF token. */
  @Post('packages/verify')
  @Access('read')
  @CsrfAfterUpload()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @UseInterceptors(FileInterceptor('package', { limits: { fileSize: PACKAGE_UPLOAD_LIMIT, files: 1, fields: 5, parts: 6 } }))
  async verifyPackage(@UploadedFile() file: { buffer: Buffer; originalname: string } | undefined, @Body() form: Form, @Req() request: ConsoleRequest) {
    checkConsoleCsrf(request.consoleSession ?? null, form._csrf);
    if (!file) throw ValidationError.at(undefined, 'package', 'choose a package file (.zip) to verify');
    const verification = await this.console.verifyUpload(file.buffer, file.originalname);
    return this.page.render(request, 'packages', { title: 'packages.title', packages: await this.console.packageList(), verification });
  }

  // Item ledger browser

  @Get('items')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async items(@Query('search') search: string | undefined, @Req() request: ConsoleRequest) {
    return this.page.render(request, 'items', { title: 'items.title', search: search ?? '', items: await this.console.items((search ?? '').trim()) });
  }

  @Get('items/:no')
  @Access('read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async item(@Param('no') no: string, @Query() query: Record<string, string>, @Req() request: ConsoleRequest) {
    const after = query.after ? Number(query.after) : 0;
    const entryNo = query.entry ? Number(query.entry) : null;
    if (!Number.isInteger(after) || after < 0 || (entryNo !== null && !Number.isInteger(entryNo)))
      throw ValidationError.at(undefined, 'entry', 'entry numbers are whole numbers');
    return this.page.render(request, 'item', { title: 'items.title', itemNo: no, after, ...(await this.console.itemPage(no, after, entryNo)) });
  }

  private closeForm(request: ConsoleRequest, values: Record<string, unknown>, errors: Record<string, string>): Promise<string> {
    return this.periods.list().then((periods) =>
      this.page.render(request, 'close-run-new', {
        title: 'runs.start',
        values,
        errors,
        locales: LOCALES,
        openPeriods: periods.filter((p) => !p.closed).map((p) => p.endingDate.slice(0, 7)),
      }),
    );
  }
}
