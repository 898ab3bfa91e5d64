import { Injectable } from '@nestjs/common';
import { EntityManager, MikroORM } from '@mikro-orm/core';
import { Dec, parseDecimal, ZERO } from '../common/decimal';
import { ITEM_COST_SHARE_FIELDS } from './entities/manufacturing.entities';
import { isIsoDate } from '../common/dates';
import { boundsProblem, SETUP_DECIMAL_BOUNDS } from '../common/decimal-bounds';
import { quoted, textProblem } from '../common/text-bounds';
import { ConflictError, ErrorDetail, NotFoundError, ValidationError } from '../common/errors';
import { changesAveragePeriods, rebuildAverageEntryPoints } from './average-cost-setting-change';
import { FieldSpec, ResourceSpec } from './setup-resources';
import { SetupRepository } from './setup.repository';

type Values = Record<string, unknown>;
type Record_ = Record<string, unknown>;

/**
 * Create, read, update and delete of the setup and master-data records described in
 * setup-resources.ts. Input is whitelisted against the description (an unknown field is an
 * error, not silently dropped) and converted once (decimals to Decimal, dates checked). One
 * flush per use case.
 */
@Injectable()
export class SetupResourceService {
  constructor(
    private readonly orm: MikroORM,
    private readonly repository: SetupRepository,
  ) {}

  async list(spec: ResourceSpec, filter: Values = {}): Promise<Values[]> {
    const where = this.keyWhere(spec, filter, true);
    const rows = await this.orm.em.fork().find(spec.entity, where, { orderBy: Object.fromEntries(spec.keys.map((k) => [k, 'asc'])) });
    return rows.map((r) => toOutput(spec, r as Record_));
  }

  async get(spec: ResourceSpec, key: Values): Promise<Values> {
    return toOutput(spec, await this.find(this.orm.em.fork(), spec, key));
  }

  async create(spec: ResourceSpec, body: unknown): Promise<Values> {
    const values = parseValues(spec, body, 'create');
    const em = this.orm.em.fork();
    const key = this.keyWhere(spec, values);
    if (await em.findOne(spec.entity, key)) throw new ConflictError(`${spec.title} ${describeKey(key)} already exists`);
    // The rules may fill in fields (R23's unit cost, the cost shares), so they run before the record is made.
    await this.checkRules(em, spec, null, values);
    const record = em.create(spec.entity, values as never) as Record_;
    await this.flushWithFollowUps(em, spec, null, values);
    return toOutput(spec, record);
  }

  /** Create or update by the key fields of the body. */
  async upsert(spec: ResourceSpec, body: unknown): Promise<Values> {
    const em = this.orm.em.fork();
    const provisional = parseValues(spec, body, 'update');
    const existing = spec.singleton ? await em.findOne(spec.entity, { id: 1 } as never) : await em.findOne(spec.entity, this.keyWhere(spec, provisional));
    if (!existing) return this.create(spec, body);
    return this.applyUpdate(em, spec, existing as Record_, provisional);
  }

  async update(spec: ResourceSpec, key: Values, body: unknown): Promise<Values> {
    const em = this.orm.em.fork();
    const record = await this.find(em, spec, key);
    const values = parseValues(spec, body, 'update');
    for (const k of spec.keys) {
      if (k in values && values[k] !== record[k]) throw ValidationError.at(undefined, k, 'the key of a record cannot change; delete it and create a new one');
    }
    return this.applyUpdate(em, spec, record, values);
  }

  /**
   * Creates or updates many records of several kinds in one transaction: all of them, or none
   * (the scenario runner's setup, a setup import). Every body is checked before anything is
   * read; what exists already is read with one query per kind of record, and everything is
   * written with one flush.
   */
  async applyAll(changes: { spec: ResourceSpec; body: unknown }[]): Promise<void> {
    const parsed = changes.map(({ spec, body }) => ({ spec, values: parseValues(spec, body, spec.singleton ? 'update' : 'create') }));
    await this.orm.em.fork().transactional(async (em) => {
      const records = new Map<string, Record_>();
      for (const spec of new Set(parsed.map((c) => c.spec))) {
        const mine = parsed.filter((c) => c.spec === spec);
        const where = spec.singleton ? { id: 1 } : { $or: mine.map((c) => this.keyWhere(spec, c.values)) };
        for (const r of (await em.find(spec.entity, where as never)) as Record_[]) records.set(recordKey(spec, r), r);
      }
      const applied: { spec: ResourceSpec; before: Record_ | null; values: Values }[] = [];
      for (const { spec, values } of parsed) {
        const existing = records.get(recordKey(spec, values)) ?? null;
        await this.checkRules(em, spec, existing, values);
        applied.push({ spec, before: existing ? { ...existing } : null, values });
        if (existing) em.assign(existing, values as never);
        else records.set(recordKey(spec, values), em.create(spec.entity, values as never) as Record_);
      }
      await em.flush();
      for (const change of applied) {
        if (await changesAveragePeriods(em, change.spec.path, change.before, change.values, this.repository)) {
          await rebuildAverageEntryPoints(em, this.repository);
          break;
        }
      }
    });
  }

  async remove(spec: ResourceSpec, key: Values): Promise<void> {
    const em = this.orm.em.fork();
    const record = await this.find(em, spec, key);
    await this.checkDelete(em, spec, record);
    em.remove(record);
    await this.flushWithFollowUps(em, spec, record, {});
  }

  private async applyUpdate(em: EntityManager, spec: ResourceSpec, record: Record_, values: Values): Promise<Values> {
    const createOnly = Object.keys(values).find((f) => spec.fields[f]?.createOnly && values[f] !== record[f]);
    if (createOnly) throw ValidationError.at(undefined, createOnly, `can only be set when the ${spec.title} record is created`);
    await this.checkRules(em, spec, record, values);
    const before = { ...record };
    em.assign(record, values as never);
    await this.flushWithFollowUps(em, spec, before, values);
    return toOutput(spec, record);
  }

  /**
   * Flushes a change, and in the same transaction what it implies for the ledgers' bookkeeping:
   * a new average-cost period or calc. type (or new accounting periods under AccountingPeriod)
   * rebuilds the Avg. Cost Adjmt. Entry Points (R12, R20).
   */
  private async flushWithFollowUps(em: EntityManager, spec: ResourceSpec, before: Record_ | null, values: Values): Promise<void> {
    if (!(await changesAveragePeriods(em, spec.path, before, values, this.repository))) {
      await em.flush();
      return;
    }
    await em.begin();
    try {
      await em.flush();
      await rebuildAverageEntryPoints(em, this.repository);
      await em.commit();
    } catch (e) {
      await em.rollback();
      throw e;
    }
  }

  private async find(em: EntityManager, spec: ResourceSpec, key: Values): Promise<Record_> {
    const where = spec.singleton ? { id: 1 } : this.keyWhere(spec, key);
    const record = await em.findOne(spec.entity, where as never);
    if (!record) throw new NotFoundError(`${spec.title} ${describeKey(where)} does not exist`);
    return record as Record_;
  }

  private keyWhere(spec: ResourceSpec, values: Values, partial = false): Values {
    const where: Values = {};
    for (const k of spec.keys) {
      if (values[k] === undefined) {
        if (partial) continue;
        throw ValidationError.at(undefined, k, `is required to identify the ${spec.title} record`);
      }
      where[k] = values[k];
    }
    return where;
  }

  /** Rules the ledgers impose on setup and master data (R13, R23, R90, R119). */
  private async checkRules(em: EntityManager, spec: ResourceSpec, before: Record_ | null, values: Values): Promise<void> {
    if (spec.path === 'inventory-setup') return this.checkEarliestAllowedValuationDate(em, before, values);
    if (spec.path !== 'items') return;
    const after = { ...(before ?? {}), ...values };
    const hasEntries = before ? await this.repository.itemHasEntries(em, String(before.no)) : false;
    if (before && hasEntries && values.costingMethod !== undefined && values.costingMethod !== before.costingMethod) {
      throw new ConflictError(`Item ${String(before.no)} has ledger entries; its costing method cannot change (R13)`);
    }
    if (after.costingMethod === 'Standard') {
      if (before && hasEntries && values.standardCost !== undefined && !(values.standardCost as Dec).eq(before.standardCost as Dec)) {
        throw new ConflictError(
          `Item ${String(before.no)} has ledger entries; change its standard cost with set-standard-cost, which revalues the stock (R90)`,
        );
      }
      // R23: a Standard item's Unit Cost is its Standard Cost.
      if (after.standardCost !== undefined) values.unitCost = after.standardCost;
    }
    settleCostShares(before, values);
  }

  /**
   * R119: setting or moving the Earliest Allowed Valuation Date requires that nothing valued
   * before it still waits for cost adjustment. Clearing it checks nothing.
   */
  private async checkEarliestAllowedValuationDate(em: EntityManager, before: Record_ | null, values: Values): Promise<void> {
    const date = values.earliestAllowedValuationDate as string | null | undefined;
    if (!date || date === before?.earliestAllowedValuationDate) return;
    const { entryPoints, flaggedEntries } = await this.repository.unadjustedBefore(em, date);
    if (entryPoints.count > 0) {
      throw new ConflictError(
        `The Earliest Allowed Valuation Date cannot be ${date}: Average items have unadjusted entries valued before it (${entryPoints.items}); run Adjust Cost – Item Entries first (R119)`,
      );
    }
    if (flaggedEntries.count > 0) {
      throw new ConflictError(
        `The Earliest Allowed Valuation Date cannot be ${date}: item entries posted before it are not adjusted (${flaggedEntries.items}); run Adjust Cost – Item Entries first (R119)`,
      );
    }
  }

  private async checkDelete(em: EntityManager, spec: ResourceSpec, record: Record_): Promise<void> {
    if (spec.singleton) throw new ConflictError(`${spec.title} cannot be deleted`);
    if (spec.path === 'items' && (await this.repository.itemHasEntries(em, String(record.no)))) {
      throw new ConflictError(`Item ${String(record.no)} has ledger entries and cannot be deleted`);
    }
    if (spec.path === 'locations') {
      if (await this.repository.locationHasEntries(em, String(record.code)))
        throw new ConflictError(`Location ${String(record.code)} has ledger entries and cannot be deleted`);
    }
    if (spec.path === 'inventory-periods' && record.closed)
      throw new ConflictError(`Inventory period ${String(record.endingDate)} is closed and cannot be deleted (R116)`);
  }
}

const SINGLE_LEVEL_SHARES = ITEM_COST_SHARE_FIELDS.slice(0, 5);
const ROLLED_UP_SHARES = ITEM_COST_SHARE_FIELDS.slice(5);

/**
 * The cost shares of an item's standard cost (R80). A typed-in standard cost is all material,
 * single-level and rolled-up [AL: codeunit 5804, RecalcStdCostItem]; single-level shares given
 * with it must add up to it, and rolled-up shares not given start equal to them.
 */
function settleCostShares(before: Record_ | null, values: Values): void {
  const givenSingle = SINGLE_LEVEL_SHARES.some((f) => values[f] !== undefined);
  const givenRolledUp = ROLLED_UP_SHARES.some((f) => values[f] !== undefined);
  if (!givenSingle && !givenRolledUp) {
    if (values.standardCost === undefined) return;
    for (const f of ITEM_COST_SHARE_FIELDS) values[f] = ZERO;
    values.singleLevelMaterialCost = values.standardCost;
    values.rolledUpMaterialCost = values.standardCost;
    return;
  }
  if (!givenSingle) return;
  const after = { ...(before ?? {}), ...values };
  const shareOf = (f: string) => (after[f] as Dec | undefined) ?? ZERO;
  const sum = SINGLE_LEVEL_SHARES.reduce((total, f) => total.plus(shareOf(f)), ZERO);
  const standardCost = shareOf('standardCost');
  if (!sum.eq(standardCost))
    throw ValidationError.at(
      undefined,
      'singleLevelMaterialCost',
      `the single-level cost shares add up to ${sum.toFixed()}, not to the standard cost ${standardCost.toFixed()} (R80)`,
    );
  if (!givenRolledUp) SINGLE_LEVEL_SHARES.forEach((f, i) => (values[ROLLED_UP_SHARES[i]] = shareOf(f)));
}

/**
 * Whitelists and converts input for one resource. `create` requires the key fields; `update`
 * accepts any subset. Every problem is reported, with its field.
 */
export function parseValues(spec: ResourceSpec, body: unknown, mode: 'create' | 'update'): Values {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw ValidationError.at(undefined, undefined, `the ${spec.title} body must be a JSON object`);
  const problems: ErrorDetail[] = [];
  const values: Values = {};
  for (const [field, raw] of Object.entries(body as Values)) {
    const fieldSpec = spec.fields[field];
    if (!fieldSpec) {
      problems.push({ field, message: `is not a field of ${spec.title} (fields: ${Object.keys(spec.fields).join(', ')})` });
      continue;
    }
    const converted = convert(fieldSpec, raw);
    if (converted.error) problems.push({ field, message: converted.error });
    else values[field] = converted.value;
  }
  if (mode === 'create')
    for (const k of spec.keys) if (values[k] === undefined && !problems.some((p) => p.field === k)) problems.push({ field: k, message: 'is required' });
  if (problems.length) throw ValidationError.of(problems);
  return values;
}

function convert(spec: FieldSpec, raw: unknown): { value?: unknown; error?: string } {
  if (raw === null) return spec.nullable ? { value: null } : { error: 'must not be null' };
  if (Array.isArray(spec.kind)) return spec.kind.includes(raw as string) ? { value: raw } : { error: `${quoted(raw)} is not one of ${spec.kind.join(', ')}` };
  switch (spec.kind) {
    case 'string':
      if (typeof raw !== 'string') return { error: 'must be a string' };
      return textProblem(raw) ? { error: textProblem(raw) as string } : { value: raw };
    case 'boolean':
      return typeof raw === 'boolean' ? { value: raw } : { error: 'must be true or false' };
    case 'integer': {
      const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : raw;
      return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 && n < 1e9 ? { value: n } : { error: `${quoted(raw)} is not a whole number` };
    }
    case 'date':
      return isIsoDate(raw) ? { value: raw } : { error: `${quoted(raw)} is not a date (YYYY-MM-DD)` };
    case 'decimal': {
      // JSON numbers reach here only from scenario files, which are parsed losslessly; the HTTP
      // controllers refuse them before (refuseJsonNumbers).
      const d = parseDecimal(raw);
      if (!d) return { error: `${quoted(raw)} is not a decimal number` };
      const problem = boundsProblem(d, SETUP_DECIMAL_BOUNDS);
      return problem ? { error: problem } : { value: d };
    }
  }
  return { error: 'unsupported field' };
}

export function toOutput(spec: ResourceSpec, record: Record_): Values {
  const out: Values = {};
  for (const field of Object.keys(spec.fields)) {
    const v = record[field];
    out[field] = v instanceof Dec ? v.toFixed() : (v ?? null);
  }
  return out;
}

/** A record's identity within one kind of record: its key fields (singletons have one record). */
function recordKey(spec: ResourceSpec, values: Values): string {
  return spec.singleton ? spec.path : `${spec.path}\u0000${spec.keys.map((k) => String(values[k])).join('\u0000')}`;
}

function describeKey(key: Values): string {
  return (
    Object.values(key)
      .map((v) => quoted(v))
      .join(' / ') || ''
  );
}
