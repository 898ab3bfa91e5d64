/**
 * What the console's pages show, assembled from the modules that own it (periods, runs,
 * reconciliation, reports, packages, schedules, ledgers). No page computes a figure of its own:
 * every amount is the one the API answers, as a decimal string.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomUUID } from 'crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { addMonths, endOfMonth, startOfMonth } from '../common/dates';
import { ValidationError } from '../common/errors';
import { ACCOUNT_TYPES } from '../costing/gl-posting-matrix';
import { LedgerQueryService } from '../ledgers/ledger-query.service';
import { InventoryPeriodsService } from '../period-close/inventory-periods.service';
import { PeriodPackageService } from '../period-package/period-package.service';
import { verifyPackage } from '../period-package/verify-package';
import type { RunRecord } from '../pipeline/close-runs.store';
import { CloseRunsService } from '../pipeline/close-runs.service';
import { SchedulesService } from '../pipeline/schedules.service';
import {
  CAUSES,
  DrillFigure,
  InventoryGLReconciliationService,
  ReconciliationLine,
  ReconciliationOptions,
} from '../reconciliation/inventory-gl-reconciliation.service';
import { reportDefinition } from '../reports/report-catalog';
import { ReportService } from '../reports/report.service';
import type { ReportColumn, ReportLine } from '../reports/report-definition';
import { periodBalancesChart, runTimelineChart } from './console-charts';
import type { ConsoleText } from './console-locale';
import { ConsoleRepository } from './console.repository';
import { nextTicks, tickInZone } from './schedule-ticks';

export const DRILL_FIGURES: DrillFigure[] = ['total', 'glTotal', ...CAUSES.filter((c): c is Exclude<typeof c, 'unexplained'> => c !== 'unexplained')];
const PAGE = 50;
/** Value entries and applications shown of one chosen entry; past this the page says so and names the API that has them all. */
export const ENTRY_DETAIL_LIMIT = 500;
const VALUE_COLUMNS = [
  'entryNo',
  'itemLedgerEntryNo',
  'postingDate',
  'valuationDate',
  'entryType',
  'itemLedgerEntryType',
  'documentNo',
  'locationCode',
  'adjustment',
  'valuedQuantity',
  'costAmountActual',
  'costAmountExpected',
  'costPostedToGL',
];

@Injectable()
export class ConsoleService {
  /** Reconciliation lines by ledger state, user and date: the overview asks for up to 24 of them. */
  private readonly reconciled = new Map<string, ReconciliationLine[]>();

  constructor(
    private readonly clock: Clock,
    private readonly periods: InventoryPeriodsService,
    private readonly runs: CloseRunsService,
    private readonly reconciliation: InventoryGLReconciliationService,
    private readonly schedules: SchedulesService,
    private readonly reports: ReportService,
    private readonly packages: PeriodPackageService,
    private readonly ledgers: LedgerQueryService,
    private readonly repository: ConsoleRepository,
  ) {}

  /**
   * Every period with its state, last run and reconciliation at its end; the chart of the
   * inventory value and G/L inventory balance at each of the last twelve month ends (whether or
   * not an inventory period exists for it); the next tick. Reconciliations are the service's
   * own, remembered while the ledgers stay as they are.
   */
  async overview(userId: string, text: ConsoleText) {
    const periods = (await this.periods.list()).sort((a, b) => b.endingDate.localeCompare(a.endingDate));
    const lastRuns = await this.repository.lastRunPerPeriod();
    const stamp = await this.repository.ledgerStamp();
    const at = async (endDate: string) => {
      const key = `${stamp}|${userId}|${endDate}`;
      let lines = this.reconciled.get(key);
      if (!lines) {
        lines = (await this.reconciliation.reconcile({ startDate: null, endDate }, userId)).lines;
        if (this.reconciled.size > 200) this.reconciled.clear();
        this.reconciled.set(key, lines);
      }
      return lines;
    };
    const rows = [];
    for (const [i, p] of periods.entries()) {
      // The reconciliation at the end of each of the last twelve periods (older ones: on the reconciliation page).
      const lines = i < 12 ? await at(p.endingDate) : null;
      const inventory = lines?.find((l) => l.accountType === 'inventory') ?? null;
      // Clean when no account type has a difference; otherwise the first one that has.
      const different = lines?.find((l) => !l.difference.isZero()) ?? null;
      rows.push({
        ...p,
        lastRun: lastRuns.get(p.endingDate) ?? null,
        inventoryValue: inventory?.total.toFixed() ?? null,
        glBalance: inventory?.glTotal.toFixed() ?? null,
        difference: different ? { accountType: different.accountType, amount: different.difference.toFixed() } : null,
        clean: lines ? different === null : null,
      });
    }
    const lastMonthEnd = endOfMonth(addMonths(startOfMonth(this.clock.today()), -1));
    const points = [];
    for (let k = 11; k >= 0; k--) {
      const end = endOfMonth(addMonths(startOfMonth(lastMonthEnd), -k));
      const inventory = (await at(end)).find((l) => l.accountType === 'inventory');
      if (!inventory) continue;
      points.push({
        label: end.slice(0, 7),
        inventory: inventory.total.toFixed(),
        glBalance: inventory.glTotal.toFixed(),
        difference: inventory.difference.toFixed(),
      });
    }
    const now = this.clock.now();
    const ticks = (await this.schedules.list())
      .filter((s) => s.enabled)
      .map((s) => ({ schedule: s.name, at: nextTicks(s.cron, s.timeZone, now, 1)[0], timeZone: s.timeZone }))
      .filter((t) => t.at)
      .sort((a, b) => a.at.getTime() - b.at.getTime());
    const next = ticks[0] ? { schedule: ticks[0].schedule, text: tickInZone(ticks[0].at, ticks[0].timeZone, text.locale) } : null;
    const chart = points.some((p) => p.inventory !== '0' || p.glBalance !== '0') ? periodBalancesChart(points, text) : null;
    return { periods: rows, chart, nextTick: next };
  }

  async runPage(id: string, text: ConsoleText) {
    const run = await this.runs.get(id);
    return { run: runView(run, text), timeline: runTimelineChart(run, this.clock.now(), text) };
  }

  async reconciliationPage(options: ReconciliationOptions, userId: string) {
    const r = await this.reconciliation.reconcile(options, userId);
    const lines = r.lines.map((l) => ({
      accountType: l.accountType,
      accounts: l.accounts.join(', '),
      figures: (['inventory', 'inventoryInterim', 'wip', 'total', 'glTotal', 'difference'] as const).map((f) => ({
        key: f,
        value: l[f].toFixed(),
        drill: f === 'total' || f === 'glTotal' ? f : null,
      })),
    }));
    const causes = r.causes.map((c) => ({
      accountType: c.accountType,
      cause: c.cause,
      amount: c.amount.toFixed(),
      entryCount: c.entryCount,
      drill: c.cause === 'unexplained' ? null : c.cause,
    }));
    return { lines, causes, notes: r.notes, accountTypes: ACCOUNT_TYPES };
  }

  async drillPage(options: ReconciliationOptions, accountType: string, figure: string, after: number, userId: string) {
    if (!(ACCOUNT_TYPES as readonly string[]).includes(accountType))
      throw ValidationError.at(undefined, 'accountType', `'${accountType}' is not one of ${ACCOUNT_TYPES.join(', ')}`);
    if (!(DRILL_FIGURES as string[]).includes(figure)) throw ValidationError.at(undefined, 'figure', `'${figure}' is not one of ${DRILL_FIGURES.join(', ')}`);
    const page = await this.reconciliation.drillDown(options, accountType as never, figure as DrillFigure, after, PAGE, userId);
    return { ...table(page.items), kind: page.kind, nextAfter: page.nextAfter };
  }

  /** A report's rows as its own table (the PDF's lines, columns and labels), for the preview. */
  async reportPreview(name: string, raw: Record<string, unknown>, userId: string, text: ConsoleText) {
    const { data } = await this.reports.data(name, raw, userId);
    return data.sections.map((section) => ({
      title: section.title ? text.t(section.title.key) : null,
      columns: section.columns.map((c) => ({ label: text.t(c.label), numeric: c.kind !== 'text' && c.kind !== 'date' })),
      groups: columnGroups(section.columns, text),
      lines: section.lines.map((line) => previewLine(line, section.columns, text)),
      empty: section.lines.length === 0 && section.empty ? text.t(section.empty.key) : null,
    }));
  }

  reportFields(name: string) {
    return reportDefinition(name).optionFields;
  }

  async packageList() {
    const rows = await this.repository.packages();
    const out = [];
    for (const row of rows) {
      let chain: { ok: boolean; failures: string[] };
      try {
        const stored = await this.packages.find(row.endingDate as never);
        const previous = row.previousEndingDate ? await this.packages.find(row.previousEndingDate as never).catch(() => null) : null;
        const result = await verifyPackage(this.packages.filePath(stored), { previousFile: previous ? this.packages.filePath(previous) : null });
        chain = { ok: result.ok, failures: result.failures };
      } catch (e) {
        chain = { ok: false, failures: [(e as Error).message] };
      }
      out.push({ ...row, chain });
    }
    return out;
  }

  /** Verifies an uploaded package (written to a private temporary file, removed afterwards). */
  async verifyUpload(bytes: Buffer, originalName: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-verify-'));
    const file = path.join(dir, `${randomUUID()}.zip`);
    try {
      fs.writeFileSync(file, bytes, { mode: 0o600 });
      // The chain link is checked against the stored package the manifest names, when there is one.
      const first = await verifyPackage(file, { previousFile: null });
      const previousEnd = first.manifest?.previous?.endingDate ?? null;
      const previous = previousEnd ? await this.packages.find(previousEnd as never).catch(() => null) : null;
      const result = previous ? await verifyPackage(file, { previousFile: this.packages.filePath(previous) }) : first;
      return {
        name: originalName,
        ok: result.ok,
        failures: result.failures,
        filesChecked: result.filesChecked,
        manifestSha256: result.manifestSha256,
        period: result.manifest?.period ?? null,
        previousChecked: !!previous,
      };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** An item's entries, with the value entries and applications of one chosen entry. */
  async itemPage(itemNo: string, after: number, entryNo: number | null) {
    const entries = await this.ledgers.page('item-ledger-entries', { itemNo, after, limit: PAGE });
    let entry = null;
    if (entryNo !== null) {
      const [found] = (await this.ledgers.page('item-ledger-entries', { itemNo, after: entryNo - 1, limit: 1 })).items;
      if (found && Number(found.entryNo) === entryNo) {
        const limit = ENTRY_DETAIL_LIMIT;
        const values = await this.ledgers.page('value-entries', { itemLedgerEntryNo: entryNo, limit });
        const applications = await this.ledgers.page('item-application-entries', { itemLedgerEntryNo: entryNo, limit });
        const asOutbound = await this.ledgers.page('item-application-entries', { outboundItemEntryNo: entryNo, limit });
        const sources = [...new Set(asOutbound.items.map((a) => Number(a.inboundItemEntryNo)).filter((n) => n && n !== entryNo))];
        const asInbound = await this.ledgers.page('item-application-entries', { inboundItemEntryNo: entryNo, limit });
        const takers = [...new Set(asInbound.items.map((a) => Number(a.outboundItemEntryNo)).filter((n) => n && n !== entryNo))];
        // A list cut at the limit says so, with the API query that pages through all of it: an
        // auditor must not take the first 500 for the whole (a receipt sold one by one has thousands).
        const cut = (page: { nextAfter: number | null }, query: string) => (page.nextAfter === null ? null : { limit, api: `/api/ledgers/${query}` });
        entry = {
          entryNo,
          positive: found.positive,
          valuesCut: cut(values, `value-entries?itemLedgerEntryNo=${entryNo}`),
          applicationsCut: cut(applications, `item-application-entries?itemLedgerEntryNo=${entryNo}`),
          costFromCut: cut(asOutbound, `item-application-entries?outboundItemEntryNo=${entryNo}`),
          costToCut: cut(asInbound, `item-application-entries?inboundItemEntryNo=${entryNo}`),
          values: table(values.items, VALUE_COLUMNS),
          applications: table(applications.items, [
            'entryNo',
            'itemLedgerEntryNo',
            'inboundItemEntryNo',
            'outboundItemEntryNo',
            'quantity',
            'postingDate',
            'costApplication',
          ]),
          costFrom: sources,
          costTo: takers,
        };
      }
    }
    return {
      entries: {
        ...table(entries.items, ['entryNo', 'postingDate', 'entryType', 'documentNo', 'locationCode', 'quantity', 'remainingQuantity', 'open', 'positive']),
        nextAfter: entries.nextAfter,
      },
      entry,
    };
  }

  items(search: string) {
    return this.repository.items(search);
  }

  scheduleTicks(cron: string, timeZone: string, text: ConsoleText): string[] {
    return nextTicks(cron, timeZone, this.clock.now(), 5).map((t) => tickInZone(t, timeZone, text.locale));
  }
}

/** Rows as a table: the columns (given, or every key of the first row) and each row's cells. Rows may be typed records of any shape. */
function table(rows: readonly object[], only?: string[]) {
  const items = rows as readonly Record<string, unknown>[];
  const columns = only ?? (items[0] ? Object.keys(items[0]) : []);
  return {
    columns,
    rows: items.map((item) => ({
      entryNo: item.entryNo ?? null,
      itemNo: item.itemNo ?? null,
      cells: columns.map((c) => ({
        key: c,
        value: cell(item[c]),
        numeric: typeof item[c] === 'number' || (typeof item[c] === 'string' && /^-?\d+(\.\d+)?$/.test(item[c] as string) && c !== 'documentNo'),
      })),
    })),
  };
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The header row above the columns, as the PDF prints it ("At the start" over its quantity and value), or null. */
function columnGroups(columns: ReportColumn[], text: ConsoleText): { label: string; span: number }[] | null {
  if (!columns.some((c) => c.group)) return null;
  const out: { label: string; span: number }[] = [];
  for (let i = 0; i < columns.length;) {
    const g = columns[i].group;
    if (g) {
      out.push({ label: text.t(g.label.key), span: g.span });
      i += g.span;
    } else {
      out.push({ label: '', span: 1 });
      i += 1;
    }
  }
  return out;
}

function previewLine(line: ReportLine, columns: ReportColumn[], text: ConsoleText) {
  const cells = columns.map((c) => {
    const v = line.values[c.key];
    if (v === null || v === undefined) return { text: '', numeric: false };
    if (typeof v === 'object' && 'label' in v) return { text: text.t(v.label.key, labelValues(v.label.values)), numeric: false };
    if (c.kind === 'text') return { text: String(v), numeric: false };
    if (c.kind === 'date') return { text: text.format.date(String(v)), numeric: false };
    return { text: text.format.number(c.kind, v), numeric: true, negative: String(v).startsWith('-') };
  });
  const label = line.label ? text.t(line.label.key, labelValues(line.label.values)) : null;
  return { kind: line.kind, label, cells };
}

function labelValues(values: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values ?? {}).map(([k, v]) => [k, typeof v === 'object' && v && 'date' in v ? String((v as { date: string | null }).date ?? '') : v]),
  );
}

/** A run as its page shows it: each step with status, times, progress (done of total, estimate) and the reason it stopped. */
export function runView(run: RunRecord, text: ConsoleText) {
  const finished = ['succeeded', 'stopped', 'failed', 'interrupted'].includes(run.status);
  return {
    ...run,
    finished,
    resumable: run.status !== 'succeeded' && run.status !== 'running' && run.status !== 'pending',
    steps: run.steps.map((s) => {
      const c = s.counts as Record<string, number | undefined>;
      const done = c.itemsDone ?? c.filesWritten;
      const total = c.itemsTotal ?? c.filesTotal;
      const percent = done !== undefined && total ? Math.round((100 * done) / total) : null;
      return {
        ...s,
        label: text.t(`step.${s.step}`),
        statusLabel: text.t(`status.${s.status}`),
        // A step with nothing to do (0 of 0) shows no bar.
        progress: done !== undefined && total ? { done, total, percent, estimate: c.estimateSeconds ?? null } : null,
        note: s.status === 'skipped',
        seconds: s.startedAt && s.finishedAt ? ((s.finishedAt.getTime() - s.startedAt.getTime()) / 1000).toFixed(1) : null,
        counts: Object.entries(s.counts)
          .filter(([k]) => !['elapsedSeconds', 'estimateSeconds'].includes(k))
          .filter(([k]) => !(k === 'itemsDone' || k === 'filesWritten'))
          .map(([k, v]) => `${text.has(`count.${k}`) ? text.t(`count.${k}`) : k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
          .join(', '),
      };
    }),
    statusLabel: text.t(`status.${run.status}`),
  };
}
