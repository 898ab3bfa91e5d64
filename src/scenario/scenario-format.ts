/**
 * Scenario files (format v1, `../shared/spec/scenario-format.md`): their shape, and the static
 * validation that refuses a bad file before anything runs (exit 2), naming the step and reason.
 */
import { parseDecimal } from '../common/decimal';
import { isIsoDate } from '../common/dates';
import { ValidationError } from '../common/errors';
import { ITEM_LEDGER_ENTRY_TYPES } from '../costing/types';
import { REPORT_NAMES } from '../reports/report-catalog';
import { parseValues } from '../setup/setup-resource.service';
import { resourceByPath } from '../setup/setup-resources';
import { itemRowProblem, splitItemRow } from './scenario-items';

export type Step = Record<string, unknown> & { op: string; expectError?: string };

export interface ScenarioFile {
  format: 'scenario/v1';
  name?: string;
  source?: string;
  notes?: string;
  setup: Record<string, unknown>;
  steps: Step[];
  expect: Record<string, unknown>[];
}

/** A file the runner refuses to run: exit code 2. */
export class ScenarioFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioFileError';
  }
}

/** Scenario setup keys and the setup resource each one fills (`userSetup` and `workDate` aside). */
export const SETUP_KEYS: Record<string, { resource: string; list: boolean; defaults?: Record<string, string> }> = {
  inventorySetup: { resource: 'inventory-setup', list: false },
  generalLedgerSetup: { resource: 'general-ledger-setup', list: false },
  accounts: { resource: 'gl-accounts', list: true },
  generalPostingSetup: { resource: 'general-posting-setups', list: true, defaults: { genBusPostingGroup: '' } },
  inventoryPostingSetup: { resource: 'inventory-posting-setups', list: true, defaults: { locationCode: '' } },
  locations: { resource: 'locations', list: true },
  items: { resource: 'items', list: true },
  itemCharges: { resource: 'item-charges', list: true },
  inventoryPeriods: { resource: 'inventory-periods', list: true },
  accountingPeriods: { resource: 'accounting-periods', list: true },
  manufacturingSetup: { resource: 'manufacturing-setup', list: false },
  workCenters: { resource: 'work-centers', list: true },
  resources: { resource: 'resources', list: true },
};

const ANY = ['expectError'];

/** Fields each op accepts (scenario-format.md, steps). */
export const OP_FIELDS: Record<string, string[]> = {
  post: [
    'ref',
    'entryType',
    'item',
    'postingDate',
    'quantity',
    'unitCost',
    'amount',
    'location',
    'newLocation',
    'refIn',
    'variant',
    'invoice',
    'appliesTo',
    'appliesFrom',
    'serialNo',
    'lotNo',
    'genBusPostingGroup',
    'documentNo',
  ],
  invoice: ['ref', 'postingDate', 'quantity', 'unitCost'],
  itemCharge: ['itemCharge', 'appliesTo', 'postingDate', 'amount'],
  undo: ['ref', 'postingDate', 'undoRef'],
  revalue: ['postingDate', 'item', 'calculatePer', 'appliesTo', 'location', 'variant', 'unitCostRevalued', 'inventoryValueRevalued'],
  setStandardCost: ['item', 'standardCost', 'postingDate', 'revalue'],
  adjustCost: ['items', 'upTo'],
  postInventoryCostToGL: ['method', 'documentNo'],
  closeInventoryPeriod: ['endingDate'],
  reopenInventoryPeriod: ['endingDate'],
  setup: Object.keys(SETUP_KEYS).concat(['userSetup', 'workDate']),
  calculateInventoryValue: ['postingDate', 'item', 'calculatePer', 'location', 'variant', 'as'],
  report: [
    'name',
    'as',
    'startDate',
    'endDate',
    'asOfDate',
    'includeExpectedCost',
    'valuationDate',
    'printCostShareFor',
    'showDetails',
    'endingDate',
    'item',
    'location',
  ],
  snapshot: ['name'],
};

/**
 * Manufacturing and assembly ops (scenario-format.md, "Manufacturing and assembly"). Their fields
 * are known here; until the runner implements one (SCENARIO_OPS) it is refused as "not available yet".
 */
export const MANUFACTURING_OP_FIELDS: Record<string, string[]> = {
  productionOrder: ['ref', 'item', 'quantity', 'postingDate', 'location', 'components'],
  consume: ['ref', 'order', 'item', 'quantity', 'postingDate', 'location', 'appliesTo', 'appliesFrom'],
  capacity: ['ref', 'order', 'workCenter', 'quantity', 'postingDate', 'unitCost'],
  output: ['ref', 'order', 'quantity', 'postingDate', 'location', 'appliesTo'],
  finishProductionOrder: ['order', 'postingDate'],
  assemble: ['ref', 'item', 'quantity', 'postingDate', 'location', 'components', 'resources'],
  calculateStandardCost: ['item', 'level'],
  implementStandardCostChange: ['postingDate', 'lines', 'rollUp', 'revalue', 'documentNo'],
};
export const MANUFACTURING_OPS = Object.keys(MANUFACTURING_OP_FIELDS);

export interface ValidatedScenario {
  file: ScenarioFile;
}

/**
 * Checks a parsed file against the format: every op, field, decimal, date, item, location,
 * item charge and ref must be known where it is used. `available` lists the ops the runner
 * implements; any other recognised op is refused as "not available yet".
 */
export function validateScenario(raw: unknown, available: ReadonlySet<string>): ScenarioFile {
  if (!raw || typeof raw !== 'object') throw new ScenarioFileError('the file is not a JSON object');
  const file = raw as ScenarioFile;
  if (file.format !== 'scenario/v1') throw new ScenarioFileError(`format must be "scenario/v1", not ${JSON.stringify(file.format)}`);
  for (const key of Object.keys(file)) {
    if (!['format', 'name', 'source', 'notes', 'setup', 'steps', 'expect'].includes(key)) throw new ScenarioFileError(`unknown top-level field "${key}"`);
  }
  if (!file.setup || typeof file.setup !== 'object') throw new ScenarioFileError('setup is missing');
  if (!Array.isArray(file.setup.items)) throw new ScenarioFileError('setup.items is required');
  if (!Array.isArray(file.steps)) throw new ScenarioFileError('steps must be a list');
  if (file.expect !== undefined && !Array.isArray(file.expect)) throw new ScenarioFileError('expect must be a list');

  const known: Known = {
    items: new Set<string>(),
    locations: new Set<string>(['']),
    charges: new Set<string>(),
    refs: new Set<string>(),
    workCenters: new Set<string>(),
    resources: new Set<string>(),
    orders: new Set<string>(),
    assemblyRefs: new Set<string>(),
  };
  checkSetup(file.setup, 'setup', known);
  file.steps.forEach((step, index) => checkStep(step, index, known, available));
  return file;
}

interface Known {
  items: Set<string>;
  locations: Set<string>;
  charges: Set<string>;
  refs: Set<string>;
  workCenters: Set<string>;
  resources: Set<string>;
  orders: Set<string>;
  /** Refs of entries an assembly order posted: Undo Assembly is not in v1. */
  assemblyRefs: Set<string>;
}

function checkSetup(setup: Record<string, unknown>, where: string, known: Known): void {
  for (const [key, value] of Object.entries(setup)) {
    if (key === 'workDate') {
      if (value !== null && !isIsoDate(value)) throw new ScenarioFileError(`${where}: workDate '${String(value)}' is not a date`);
      continue;
    }
    if (key === 'userSetup') {
      checkValues('user-setups', { userId: 'SCENARIO', ...(value as object) }, `${where}.userSetup`);
      continue;
    }
    const target = SETUP_KEYS[key];
    if (!target) throw new ScenarioFileError(`${where}: unknown setup key "${key}"`);
    const rows = target.list ? value : [value];
    if (!Array.isArray(rows)) throw new ScenarioFileError(`${where}.${key} must be a list`);
    rows.forEach((row, i) => {
      const at = target.list ? `${where}.${key}[${i}]` : `${where}.${key}`;
      if (key === 'items') {
        const { item, bomLines, routingLines } = splitItemRow(row as Record<string, unknown>);
        checkValues('items', item, at);
        bomLines.forEach((line, j) => checkValues('bom-lines', line, `${at}.bom[${j}]`));
        routingLines.forEach((line, j) => checkValues('routing-lines', line, `${at}.routing[${j}]`));
      } else checkValues(target.resource, { ...target.defaults, ...(row as object) }, at, !target.list);
      const r = row as Record<string, string>;
      if (key === 'items') known.items.add(r.no);
      if (key === 'locations') known.locations.add(r.code);
      if (key === 'itemCharges') known.charges.add(r.no);
      if (key === 'workCenters') known.workCenters.add(r.no);
      if (key === 'resources') known.resources.add(r.no);
    });
  }
  // BOMs and routings name items, work centers and resources defined anywhere in the setup.
  ((setup.items as Record<string, unknown>[] | undefined) ?? []).forEach((row, i) => {
    const problem = itemRowProblem(row, known);
    if (problem) throw new ScenarioFileError(`${where}.items[${i}] (${String(row.no)}): ${problem}`);
  });
}

function checkValues(resource: string, value: unknown, where: string, partial = false): void {
  try {
    parseValues(resourceByPath(resource), value, partial ? 'update' : 'create');
  } catch (e) {
    if (e instanceof ValidationError) throw new ScenarioFileError(`${where}: ${e.message}`);
    throw e;
  }
}

function knownWorkCenter(known: Known, no: unknown): boolean {
  return typeof no === 'string' && known.workCenters.has(no);
}

function checkStep(step: Step, index: number, known: Known, available: ReadonlySet<string>): void {
  const at = `step ${index}`;
  if (!step || typeof step !== 'object') throw new ScenarioFileError(`${at}: not an object`);
  const op = step.op;
  if (typeof op !== 'string') throw new ScenarioFileError(`${at}: op is missing`);
  const fields = OP_FIELDS[op] ?? MANUFACTURING_OP_FIELDS[op];
  if (!fields) throw new ScenarioFileError(`${at}: unknown op "${op}"`);
  for (const key of Object.keys(step)) {
    if (key !== 'op' && !fields.includes(key) && !ANY.includes(key)) throw new ScenarioFileError(`${at} (${op}): unknown field "${key}"`);
  }
  if (step.expectError !== undefined && typeof step.expectError !== 'string') throw new ScenarioFileError(`${at}: expectError must be a text`);
  if (!available.has(op)) throw new ScenarioFileError(`${at}: op ${op} is not available yet`);
  const s = new StepCheck(at, op, step, known);
  switch (op) {
    case 'post':
      s.required('ref');
      s.oneOf('entryType', ITEM_LEDGER_ENTRY_TYPES, true);
      s.item('item', true);
      s.date('postingDate', true);
      s.decimal('quantity', true);
      s.decimal('unitCost');
      s.decimal('amount');
      s.location('location');
      s.location('newLocation');
      s.bool('invoice');
      s.ref('appliesTo');
      s.ref('appliesFrom');
      if (step.entryType === 'Transfer' && step.newLocation === undefined) throw new ScenarioFileError(`${at} (post): a Transfer needs newLocation`);
      s.define(step.ref);
      if (step.entryType === 'Transfer') s.define(step.refIn ?? `${String(step.ref)}/in`);
      break;
    case 'invoice':
      s.ref('ref', true);
      s.date('postingDate', true);
      s.decimal('quantity');
      s.decimal('unitCost');
      break;
    case 'itemCharge':
      if (typeof step.itemCharge !== 'string' || !known.charges.has(step.itemCharge))
        throw new ScenarioFileError(`${at} (itemCharge): unknown item charge ${JSON.stringify(step.itemCharge)}`);
      s.date('postingDate', true);
      s.decimal('amount');
      if (Array.isArray(step.appliesTo)) {
        (step.appliesTo as Record<string, unknown>[]).forEach((a, i) => {
          if (!a || typeof a.ref !== 'string' || !known.refs.has(a.ref))
            throw new ScenarioFileError(`${at} (itemCharge): appliesTo[${i}] names an unknown ref ${JSON.stringify(a?.ref)}`);
          if (a.amount !== undefined && parseDecimal(a.amount) === null)
            throw new ScenarioFileError(`${at} (itemCharge): appliesTo[${i}].amount ${JSON.stringify(a.amount)} is not a decimal`);
        });
      } else {
        s.ref('appliesTo', true);
        if (step.amount === undefined) throw new ScenarioFileError(`${at} (itemCharge): amount is required`);
      }
      break;
    case 'undo':
      s.ref('ref', true);
      if (known.assemblyRefs.has(step.ref as string))
        throw new ScenarioFileError(`${at} (undo): ${String(step.ref)} was posted by an assembly order; Undo Assembly is not in v1 (scenario-format.md)`);
      s.date('postingDate', true);
      s.define(step.undoRef ?? `${String(step.ref)}/undo`);
      break;
    case 'revalue':
      s.date('postingDate', true);
      s.item('item', true);
      s.oneOf('calculatePer', ['Item', 'ItemLedgerEntry'], false);
      s.ref('appliesTo');
      s.location('location');
      s.decimal('unitCostRevalued');
      s.decimal('inventoryValueRevalued');
      if ((step.unitCostRevalued === undefined) === (step.inventoryValueRevalued === undefined)) {
        throw new ScenarioFileError(`${at} (revalue): give exactly one of unitCostRevalued and inventoryValueRevalued`);
      }
      break;
    case 'setStandardCost':
      s.item('item', true);
      s.decimal('standardCost', true);
      s.date('postingDate', true);
      s.bool('revalue');
      break;
    case 'adjustCost':
      if (step.items !== undefined) {
        if (!Array.isArray(step.items)) throw new ScenarioFileError(`${at} (adjustCost): items must be a list`);
        for (const item of step.items)
          if (!known.items.has(item as string)) throw new ScenarioFileError(`${at} (adjustCost): unknown item ${JSON.stringify(item)}`);
      }
      s.date('upTo');
      break;
    case 'postInventoryCostToGL':
      s.oneOf('method', ['PerEntry', 'PerPostingGroup'], false);
      break;
    case 'closeInventoryPeriod':
    case 'reopenInventoryPeriod':
      s.date('endingDate', true);
      break;
    case 'setup':
      checkSetup(Object.fromEntries(Object.entries(step).filter(([k]) => k !== 'op' && k !== 'expectError')), at, known);
      break;
    case 'calculateInventoryValue':
      s.date('postingDate', true);
      s.item('item');
      s.oneOf('calculatePer', ['Item', 'ItemLedgerEntry'], false);
      s.location('location');
      s.required('as');
      break;
    case 'report':
      s.oneOf('name', REPORT_NAMES, true);
      s.required('as');
      for (const d of ['startDate', 'endDate', 'asOfDate', 'valuationDate', 'endingDate']) s.date(d);
      s.bool('includeExpectedCost');
      s.bool('showDetails');
      s.oneOf('printCostShareFor', ['Sales', 'Inventory'], false);
      break;
    case 'snapshot':
      s.required('name');
      break;
    case 'productionOrder':
      s.required('ref');
      s.item('item', true);
      s.decimal('quantity', true);
      s.date('postingDate', true);
      s.location('location');
      s.define(step.ref);
      s.defineOrder(step.ref);
      break;
    case 'consume':
      s.order();
      s.item('item', true);
      s.decimal('quantity', true);
      s.date('postingDate', true);
      s.location('location');
      s.ref('appliesTo');
      s.ref('appliesFrom');
      s.define(step.ref);
      break;
    case 'capacity':
      s.order();
      if (!knownWorkCenter(known, step.workCenter)) throw new ScenarioFileError(`${at} (capacity): unknown work center ${JSON.stringify(step.workCenter)}`);
      s.decimal('quantity', true);
      s.date('postingDate', true);
      s.decimal('unitCost');
      s.define(step.ref);
      break;
    case 'output':
      s.order();
      s.decimal('quantity', true);
      s.date('postingDate', true);
      s.location('location');
      s.ref('appliesTo');
      if (parseDecimal(step.quantity)?.isNegative() && step.appliesTo === undefined)
        throw new ScenarioFileError(`${at} (output): a negative output needs appliesTo (an output ref)`);
      s.define(step.ref);
      break;
    case 'finishProductionOrder':
      s.order();
      s.date('postingDate', true);
      break;
    case 'assemble':
      s.required('ref');
      s.item('item', true);
      s.decimal('quantity', true);
      s.date('postingDate', true);
      s.location('location');
      s.assemblyLines();
      s.define(step.ref);
      known.assemblyRefs.add(step.ref as string);
      for (const c of step.components as Record<string, unknown>[]) {
        const ref = c.ref ?? `${String(step.ref)}/${String(c.item)}`;
        s.define(ref);
        known.assemblyRefs.add(ref as string);
      }
      for (const r of (step.resources as Record<string, unknown>[] | undefined) ?? []) s.define(r.ref ?? `${String(step.ref)}/${String(r.no)}`);
      break;
    case 'calculateStandardCost':
      s.item('item', true);
      s.oneOf('level', ['SingleLevel', 'AllLevels'], false);
      break;
    case 'implementStandardCostChange':
      s.date('postingDate', true);
      s.bool('rollUp');
      s.bool('revalue');
      s.worksheetLines();
      break;
  }
}

class StepCheck {
  constructor(
    private readonly at: string,
    private readonly op: string,
    private readonly step: Step,
    private readonly known: Known,
  ) {}

  private fail(message: string): never {
    throw new ScenarioFileError(`${this.at} (${this.op}): ${message}`);
  }

  required(field: string): void {
    if (this.step[field] === undefined || this.step[field] === null || this.step[field] === '') this.fail(`${field} is required`);
  }

  date(field: string, required = false): void {
    const v = this.step[field];
    if (v === undefined || v === null) return required ? this.fail(`${field} is required`) : undefined;
    if (!isIsoDate(v)) this.fail(`${field} '${String(v)}' is not a date (YYYY-MM-DD)`);
  }

  decimal(field: string, required = false): void {
    const v = this.step[field];
    if (v === undefined || v === null) return required ? this.fail(`${field} is required`) : undefined;
    if (parseDecimal(v) === null) this.fail(`${field} ${JSON.stringify(v)} is not a decimal`);
  }

  bool(field: string): void {
    const v = this.step[field];
    if (v !== undefined && typeof v !== 'boolean') this.fail(`${field} must be true or false`);
  }

  oneOf(field: string, values: readonly string[], required: boolean): void {
    const v = this.step[field];
    if (v === undefined) return required ? this.fail(`${field} is required`) : undefined;
    if (!values.includes(v as string)) this.fail(`${field} ${JSON.stringify(v)} is not one of ${values.join(', ')}`);
  }

  item(field: string, required = false): void {
    const v = this.step[field];
    if (v === undefined) return required ? this.fail(`${field} is required`) : undefined;
    if (!this.known.items.has(v as string)) this.fail(`unknown item ${JSON.stringify(v)} (not in setup.items)`);
  }

  location(field: string): void {
    const v = this.step[field];
    if (v !== undefined && !this.known.locations.has(v as string)) this.fail(`unknown location ${JSON.stringify(v)} (not in setup.locations)`);
  }

  ref(field: string, required = false): void {
    const v = this.step[field];
    if (v === undefined) return required ? this.fail(`${field} is required`) : undefined;
    if (typeof v !== 'string' || !this.known.refs.has(v)) this.fail(`${field} names an unknown ref ${JSON.stringify(v)}`);
  }

  /** An assembly order's component lines (required) and resource lines (scenario-format.md, Ops). */
  assemblyLines(): void {
    const { components, resources } = this.step;
    if (!Array.isArray(components) || components.length === 0) this.fail('components must be a non-empty list');
    (components as Record<string, unknown>[]).forEach((c, i) => {
      const at = `components[${i}]`;
      if (!c || typeof c !== 'object') this.fail(`${at} is not an object`);
      const unknown = Object.keys(c).find((k) => !['item', 'quantity', 'location', 'ref', 'appliesTo'].includes(k));
      if (unknown) this.fail(`${at}: unknown field "${unknown}"`);
      if (!this.known.items.has(c.item as string)) this.fail(`${at} names an unknown item ${JSON.stringify(c.item)}`);
      if (parseDecimal(c.quantity) === null) this.fail(`${at}.quantity ${JSON.stringify(c.quantity)} is not a decimal`);
      if (c.location !== undefined && !this.known.locations.has(c.location as string))
        this.fail(`${at} names an unknown location ${JSON.stringify(c.location)}`);
      if (c.appliesTo !== undefined && !this.known.refs.has(c.appliesTo as string))
        this.fail(`${at}.appliesTo names an unknown ref ${JSON.stringify(c.appliesTo)}`);
    });
    if (resources === undefined) return;
    if (!Array.isArray(resources)) this.fail('resources must be a list');
    (resources as Record<string, unknown>[]).forEach((r, i) => {
      const at = `resources[${i}]`;
      if (!r || typeof r !== 'object') this.fail(`${at} is not an object`);
      const unknown = Object.keys(r).find((k) => !['no', 'quantity', 'unitCost', 'ref'].includes(k));
      if (unknown) this.fail(`${at}: unknown field "${unknown}"`);
      if (typeof r.no !== 'string' || r.no === '') this.fail(`${at}.no is required`);
      if (!this.known.resources.has(r.no as string) && r.unitCost === undefined)
        this.fail(`${at}: resource ${JSON.stringify(r.no)} is not in setup.resources; give its unitCost`);
      if (parseDecimal(r.quantity) === null) this.fail(`${at}.quantity ${JSON.stringify(r.quantity)} is not a decimal`);
      if (r.unitCost !== undefined && parseDecimal(r.unitCost) === null) this.fail(`${at}.unitCost ${JSON.stringify(r.unitCost)} is not a decimal`);
    });
  }

  /** The Standard Cost Worksheet's lines: an item with its new standard cost, or a work center or resource with new costs. */
  worksheetLines(): void {
    const lines = this.step.lines;
    if (!Array.isArray(lines) || lines.length === 0) this.fail('lines must be a non-empty list');
    (lines as Record<string, unknown>[]).forEach((line, i) => {
      const at = `lines[${i}]`;
      if (!line || typeof line !== 'object') this.fail(`${at} is not an object`);
      const kinds = ['item', 'workCenter', 'resource'].filter((k) => line[k] !== undefined);
      if (kinds.length !== 1) this.fail(`${at} needs exactly one of item, workCenter and resource`);
      const allowed = kinds[0] === 'item' ? ['item', 'newStandardCost'] : [kinds[0], 'newDirectUnitCost', 'newIndirectCostPercent', 'newOverheadRate'];
      const unknown = Object.keys(line).find((k) => !allowed.includes(k));
      if (unknown) this.fail(`${at}: unknown field "${unknown}"`);
      if (kinds[0] === 'item' && !this.known.items.has(line.item as string)) this.fail(`${at} names an unknown item ${JSON.stringify(line.item)}`);
      if (kinds[0] === 'workCenter' && !this.known.workCenters.has(line.workCenter as string))
        this.fail(`${at} names an unknown work center ${JSON.stringify(line.workCenter)}`);
      if (kinds[0] === 'resource' && !this.known.resources.has(line.resource as string))
        this.fail(`${at} names an unknown resource ${JSON.stringify(line.resource)}`);
      if (kinds[0] === 'item' && line.newStandardCost === undefined) this.fail(`${at}.newStandardCost is required`);
      for (const field of allowed.slice(1))
        if (line[field] !== undefined && parseDecimal(line[field]) === null) this.fail(`${at}.${field} ${JSON.stringify(line[field])} is not a decimal`);
    });
  }

  /** `order` names a production order an earlier step defined. */
  order(): void {
    const v = this.step.order;
    if (typeof v !== 'string' || !this.known.orders.has(v)) this.fail(`order names an unknown production order ${JSON.stringify(v)}`);
  }

  defineOrder(ref: unknown): void {
    this.known.orders.add(ref as string);
  }

  define(ref: unknown): void {
    if (typeof ref !== 'string' || ref === '') this.fail('ref must be a text');
    if (this.known.refs.has(ref as string)) this.fail(`ref ${JSON.stringify(ref)} is already used by an earlier step`);
    this.known.refs.add(ref as string);
  }
}
