/**
 * Runs a validated scenario against the service's own modules on a database of its own: every
 * step goes through the same services the HTTP API uses, so a scenario proves the product, not a
 * model of it.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { AdjustmentService, AdjustOptions, AdjustSummary } from '../adjustment/adjustment.service';
import { CostcloseError } from '../common/errors';
import type { IsoDate } from '../common/dates';
import { withSession } from '../database/sql-session';
import { appendOnlyViolations, ledgerFingerprint, LedgerFingerprint, ledgerInvariantViolations } from '../ledgers/ledger-invariants';
import { RevaluationService } from '../valuation/revaluation.service';
import { ItemJournalService } from '../item-journal/item-journal.service';
import type { PostingInput } from '../item-journal/journal-input';
import { SetupResourceService } from '../setup/setup-resource.service';
import { resourceByPath } from '../setup/setup-resources';
import { defaultChart } from './default-chart';
import { readCollections, ResultDocument, Row } from './result-document';
import { ScenarioFile, SETUP_KEYS, Step } from './scenario-format';
import { SCENARIO_OPS, ScenarioOpContext } from './scenario-ops';
import { splitItemRow } from './scenario-items';

/** The user a scenario runs as; `setup.userSetup` is that user's posting range (R110). */
export const SCENARIO_USER = 'SCENARIO';

/** A step failed without `expectError`, or succeeded despite it: exit code 1. */
export class StepFailedError extends Error {
  constructor(
    readonly step: number,
    message: string,
  ) {
    super(message);
    this.name = 'StepFailedError';
  }
}

export interface ScenarioRunResult {
  result: ResultDocument;
  failure: StepFailedError | null;
  /** Ledger invariants broken after a step (with `checkInvariants`): one line each, naming the step. */
  invariantFailures: string[];
}

export interface ScenarioRunnerOptions {
  /** Check the ledger invariants after every step (see ledger-invariants.ts). */
  checkInvariants: boolean;
  /** Items per Adjust Cost batch (default: the service's); 1 makes every item a batch of its own, pipelined. */
  adjustBatchSize?: number;
  /** Adjust Cost batches read ahead (default: the service's PIPELINE_DEPTH). */
  adjustPipelineDepth?: number;
}

export class ScenarioRunner implements ScenarioOpContext {
  readonly refs = new Map<string, number>();
  readonly refOfEntry = new Map<number, string>();
  readonly refOfCapacityEntry = new Map<number, string>();
  readonly refOfOrder = new Map<string, string>();
  private readonly orderOfRef = new Map<string, string>();
  readonly result: ResultDocument = {
    format: 'scenario-result/v1',
    itemLedgerEntries: [],
    valueEntries: [],
    itemApplicationEntries: [],
    glEntries: [],
    glItemLedgerRelations: [],
    items: [],
    capacityLedgerEntries: [],
    productionOrders: [],
    avgCostAdjmtEntryPoints: [],
    inventoryPeriods: [],
    errors: [],
    reports: {},
    snapshots: {},
  };
  workDate: IsoDate | null = null;
  readonly userId = SCENARIO_USER;

  private readonly invariantFailures: string[] = [];
  private fingerprint: LedgerFingerprint | null = null;

  constructor(
    readonly app: INestApplicationContext,
    private readonly file: ScenarioFile,
    private readonly options: ScenarioRunnerOptions = { checkInvariants: false },
  ) {}

  get orm(): MikroORM {
    return this.app.get(MikroORM);
  }

  async run(): Promise<ScenarioRunResult> {
    await this.applySetup(this.file.setup, true);
    for (const [index, step] of this.file.steps.entries()) {
      const failure = await this.runStep(index, step);
      if (this.options.checkInvariants) await this.checkInvariants(index, step);
      if (failure) {
        await this.readLedgers();
        return { result: this.result, failure, invariantFailures: this.invariantFailures };
      }
    }
    await this.readLedgers();
    return { result: this.result, failure: null, invariantFailures: this.invariantFailures };
  }

  /** The ledger invariants after step `index`, and append-only against the state before it. */
  private async checkInvariants(index: number, step: Step): Promise<void> {
    const { violations, fingerprint } = await withSession(this.orm, async (sql) => ({
      violations: await ledgerInvariantViolations(sql),
      fingerprint: await ledgerFingerprint(sql),
    }));
    if (this.fingerprint) violations.push(...appendOnlyViolations(this.fingerprint, fingerprint));
    this.fingerprint = fingerprint;
    const label = `step ${index} (${step.op}${typeof step.ref === 'string' ? ` ${step.ref}` : ''})`;
    for (const v of violations) this.invariantFailures.push(`${label}: ledger invariant broken: ${v.invariant}: ${JSON.stringify(v.rows)}`);
  }

  private async runStep(index: number, step: Step): Promise<StepFailedError | null> {
    const label = `step ${index} (${step.op}${typeof step.ref === 'string' ? ` ${step.ref}` : ''})`;
    try {
      await SCENARIO_OPS[step.op](step, this);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!(e instanceof CostcloseError) && !step.expectError) throw e;
      this.result.errors.push({ step: index, message, expected: !!step.expectError });
      if (step.expectError && message.toLowerCase().includes(step.expectError.toLowerCase())) return null;
      if (step.expectError) return new StepFailedError(index, `${label} failed with "${message}", not with the expected error "${step.expectError}"`);
      return new StepFailedError(index, `${label} failed: ${message}`);
    }
    if (step.expectError) return new StepFailedError(index, `${label} succeeded, but it should have failed with "${step.expectError}"`);
    return null;
  }

  // ------------------------------------------------------------------ ScenarioOpContext

  entryNo(ref: string): number {
    const no = this.refs.get(ref);
    if (no === undefined) throw new Error(`ref ${ref} was never created (its step failed?)`);
    return no;
  }

  name(ref: string, entryNo: number): void {
    this.refs.set(ref, entryNo);
    this.refOfEntry.set(entryNo, ref);
  }

  nameCapacityEntry(ref: string, entryNo: number): void {
    this.refOfCapacityEntry.set(entryNo, ref);
  }

  nameOrder(ref: string, orderNo: string): void {
    this.refOfOrder.set(orderNo, ref);
    this.orderOfRef.set(ref, orderNo);
  }

  orderNo(ref: string): string {
    const no = this.orderOfRef.get(ref);
    if (no === undefined) throw new Error(`order ${ref} was never created (its step failed?)`);
    return no;
  }

  post(inputs: PostingInput[], postingDate: IsoDate) {
    return this.app.get(ItemJournalService).post(inputs, this.userId, { workDate: this.workDate ?? postingDate });
  }

  revaluation(): RevaluationService {
    return this.app.get(RevaluationService);
  }

  refOf(entryNo: number): string | null {
    return this.refOfEntry.get(entryNo) ?? null;
  }

  adjustCost(options: AdjustOptions): Promise<AdjustSummary> {
    return this.app
      .get(AdjustmentService)
      .adjust(this.userId, { batchSize: this.options.adjustBatchSize, pipelineDepth: this.options.adjustPipelineDepth, ...options });
  }

  /** Applies setup keys in one transaction (initial setup, or a `setup` step). */
  async applySetup(setup: Record<string, unknown>, initial: boolean): Promise<void> {
    const changes: { resource: string; body: unknown }[] = [];
    for (const [key, value] of Object.entries(setup)) {
      if (key === 'workDate') {
        this.workDate = (value as IsoDate | null) ?? null;
        continue;
      }
      if (key === 'userSetup') {
        changes.push({ resource: 'user-setups', body: { userId: SCENARIO_USER, ...(value as object) } });
        continue;
      }
      const target = SETUP_KEYS[key];
      const rows = target.list ? (value as unknown[]) : [value];
      for (const row of rows) {
        if (key !== 'items') {
          changes.push({ resource: target.resource, body: { ...target.defaults, ...(row as object) } });
          continue;
        }
        const { item, bomLines, routingLines } = splitItemRow(row as Record<string, unknown>);
        changes.push({ resource: 'items', body: item });
        for (const line of bomLines) changes.push({ resource: 'bom-lines', body: line });
        for (const line of routingLines) changes.push({ resource: 'routing-lines', body: line });
      }
    }
    if (initial) changes.push(...defaultChart(this.file));
    await this.app.get(SetupResourceService).applyAll(changes.map((c) => ({ spec: resourceByPath(c.resource), body: c.body })));
  }

  record(as: string, rows: Row[]): void {
    this.result.reports[as] = rows;
  }

  async snapshot(name: string): Promise<void> {
    const collections = await withSession(this.orm, (sql) =>
      readCollections(sql, { entries: this.refOfEntry, capacityEntries: this.refOfCapacityEntry, orders: this.refOfOrder }),
    );
    this.result.snapshots[name] = { ...collections, reports: { ...this.result.reports } };
  }

  private async readLedgers(): Promise<void> {
    Object.assign(
      this.result,
      await withSession(this.orm, (sql) =>
        readCollections(sql, { entries: this.refOfEntry, capacityEntries: this.refOfCapacityEntry, orders: this.refOfOrder }),
      ),
    );
  }
}
