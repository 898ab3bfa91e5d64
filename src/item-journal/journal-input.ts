/**
 * Item journal input as it arrives (HTTP body, scenario step), and its validation into posting
 * operations. The whole batch is checked before anything is posted; every problem is reported
 * with its line number and field, not just the first one.
 */
import { Dec, roundTo, ZERO } from '../common/decimal';
import { isIsoDate } from '../common/dates';
import { amountBounds, DecimalBounds, QUANTITY_BOUNDS, readDecimalField, unitAmountBounds } from '../common/decimal-bounds';
import { ErrorDetail, ValidationError } from '../common/errors';
import { quoted, textProblem } from '../common/text-bounds';
import type { PostingOperation } from '../costing/posting/operations';
import { ITEM_LEDGER_ENTRY_TYPES, ItemLedgerEntryType } from '../costing/types';

/** A decimal as a plain string ("10.00"); JSON numbers are refused (issue 15, item 2). */
export type DecimalInput = string;

export interface JournalLineInput {
  kind?: 'line';
  entryType: string;
  itemNo: string;
  postingDate: string;
  quantity: DecimalInput;
  unitCost?: DecimalInput | null;
  amount?: DecimalInput | null;
  locationCode?: string | null;
  newLocationCode?: string | null;
  variantCode?: string | null;
  invoice?: boolean | null;
  appliesToEntry?: number | null;
  appliesFromEntry?: number | null;
  serialNo?: string | null;
  lotNo?: string | null;
  genBusPostingGroup?: string | null;
  documentNo?: string | null;
}

export interface InvoiceInput {
  kind: 'invoice';
  itemLedgerEntryNo: number;
  postingDate: string;
  quantity?: DecimalInput | null;
  unitCost?: DecimalInput | null;
  documentNo?: string | null;
}

export interface ItemChargeInput {
  kind: 'itemCharge';
  itemChargeNo: string;
  postingDate: string;
  /** Total amount; split over the assignments by quantity when they carry no amount of their own. */
  amount?: DecimalInput | null;
  assignments: { itemLedgerEntryNo: number; amount?: DecimalInput | null }[];
  documentNo?: string | null;
}

export interface UndoInput {
  kind: 'undo';
  itemLedgerEntryNo: number;
  postingDate: string;
  documentNo?: string | null;
}

export type PostingInput = JournalLineInput | InvoiceInput | ItemChargeInput | UndoInput;

/** Master data the validation checks against (loaded in bulk by the service). */
export interface MasterData {
  items: ReadonlySet<string>;
  locations: ReadonlySet<string>;
  itemCharges: ReadonlyMap<string, { genProdPostingGroup: string }>;
  /** Quantity of the entries assignments refer to, for splitting an item charge by quantity. */
  entryQuantities: ReadonlyMap<number, Dec>;
  amountPrecision: Dec;
  unitAmountPrecision: Dec;
  /** Posting groups of the items the batch names (issue 15, item 3). */
  itemGroups: ReadonlyMap<string, ItemPostingGroups>;
  /** Keys of Inventory Posting Setup (location, inventory posting group) and General Posting Setup (gen. business, gen. product posting group). */
  inventoryPostingSetups: ReadonlySet<string>;
  generalPostingSetups: ReadonlySet<string>;
  /** What the entries the batch refers to were posted with: their posting setup is needed again. */
  referencedEntries: ReadonlyMap<number, { itemNo: string; locationCode: string; genBusPostingGroup: string }>;
}

export interface ItemPostingGroups {
  inventoryPostingGroup: string;
  genProdPostingGroup: string;
}

export const setupKey = (a: string, b: string): string => `${a}\u0000${b}`;

/**
 * Issue 15, item 3: every line's value entries must find their accounts when they are posted to
 * G/L, so the posting setup they will need must exist now — Inventory Posting Setup for each
 * location the line moves stock at, General Posting Setup for the gen. business and product
 * posting groups (a transfer posts to inventory accounts only). A code that exists nowhere (a
 * gen. business posting group no General Posting Setup names) is refused as unknown.
 */
/** An invoice or undo posts value entries on the entry's own posting setup. */
function checkEntrySetup(check: LineCheck, master: MasterData, field: string, entryNo: unknown): void {
  const entry = typeof entryNo === 'number' ? master.referencedEntries.get(entryNo) : undefined;
  if (!entry) return;
  checkPostingSetup(check, master, master.itemGroups.get(entry.itemNo), {
    location: [{ field, code: entry.locationCode }],
    general: { field, genBus: entry.genBusPostingGroup },
  });
}

function checkPostingSetup(
  check: LineCheck,
  master: MasterData,
  groups: ItemPostingGroups | undefined,
  needs: { location?: { field: string; code: string }[]; general?: { field: string; genBus: string; genProd?: string } },
): void {
  if (!groups) return;
  for (const { field, code } of needs.location ?? []) {
    if (!master.inventoryPostingSetups.has(setupKey(code, groups.inventoryPostingGroup))) {
      check.fail(field, `there is no Inventory Posting Setup for location '${code}' and inventory posting group '${groups.inventoryPostingGroup}'`);
    }
  }
  const general = needs.general;
  if (!general) return;
  const genProd = general.genProd ?? groups.genProdPostingGroup;
  if (!master.generalPostingSetups.has(setupKey(general.genBus, genProd))) {
    const known = [...master.generalPostingSetups].some((k) => k.split('\u0000')[0] === general.genBus);
    check.fail(
      general.field,
      known || general.genBus === ''
        ? `there is no General Posting Setup for gen. business posting group '${general.genBus}' and gen. product posting group '${genProd}'`
        : `gen. business posting group '${general.genBus}' does not exist (no General Posting Setup names it)`,
    );
  }
}

export function validatePostingInputs(inputs: readonly PostingInput[], master: MasterData): PostingOperation[] {
  const problems: ErrorDetail[] = [];
  const operations: PostingOperation[] = [];
  inputs.forEach((input, index) => {
    const lineNo = index + 1;
    const check = new LineCheck(lineNo, problems);
    const op = validateOne(input, check, master);
    if (op && !check.failed) operations.push(op);
  });
  if (problems.length > 0) throw ValidationError.of(problems);
  return operations;
}

/** Entry numbers are int4 in the ledgers: a larger number cannot name an entry. */
export const MAX_ENTRY_NO = 2147483647;

export function isEntryNo(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_ENTRY_NO;
}

const shown = quoted;

class LineCheck {
  failed = false;
  constructor(
    readonly lineNo: number,
    private readonly problems: ErrorDetail[],
  ) {}

  fail(field: string, message: string): null {
    this.failed = true;
    this.problems.push({ line: this.lineNo, field, message });
    return null;
  }

  date(field: string, value: unknown): string {
    if (!isIsoDate(value)) this.fail(field, `${shown(value)} is not a date (YYYY-MM-DD)`);
    return String(value);
  }

  decimal(field: string, value: unknown, required: boolean, bounds: DecimalBounds): Dec | null {
    if (value === undefined || value === null || value === '') {
      if (required) this.fail(field, 'is required');
      return null;
    }
    const read = readDecimalField(value, bounds);
    return 'error' in read ? this.fail(field, read.error) : read.value;
  }

  entryNo(field: string, value: unknown, required: boolean): number | null {
    if (value === undefined || value === null) {
      if (required) this.fail(field, 'is required');
      return null;
    }
    if (!isEntryNo(value)) return this.fail(field, `${shown(value)} is not an item ledger entry number (an integer from 1 to ${MAX_ENTRY_NO})`);
    return value;
  }

  /** A text field: absent, or a string that fits its column (issue 15, item 5). */
  text(field: string, value: unknown): string {
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') return this.fail(field, 'must be a string') ?? '';
    const problem = textProblem(value);
    return problem ? (this.fail(field, problem) ?? '') : value;
  }
}

function validateOne(input: PostingInput, check: LineCheck, master: MasterData): PostingOperation | null {
  if (input === null || typeof input !== 'object') return check.fail('line', 'is not an object');
  const lineNo = check.lineNo;
  switch (input.kind ?? 'line') {
    case 'line':
      return validateLine(input as JournalLineInput, check, master);
    case 'invoice': {
      const i = input as InvoiceInput;
      const quantity = check.decimal('quantity', i.quantity, false, QUANTITY_BOUNDS);
      if (quantity && !quantity.greaterThan(0)) check.fail('quantity', 'must be positive');
      checkEntrySetup(check, master, 'itemLedgerEntryNo', i.itemLedgerEntryNo);
      return {
        kind: 'invoice',
        lineNo,
        postingDate: check.date('postingDate', i.postingDate),
        documentNo: check.text('documentNo', i.documentNo),
        itemLedgerEntryNo: check.entryNo('itemLedgerEntryNo', i.itemLedgerEntryNo, true) ?? 0,
        quantity,
        unitCost: check.decimal('unitCost', i.unitCost, false, unitAmountBounds(master.unitAmountPrecision)),
      };
    }
    case 'itemCharge':
      return validateItemCharge(input as ItemChargeInput, check, master);
    case 'undo': {
      const u = input as UndoInput;
      checkEntrySetup(check, master, 'itemLedgerEntryNo', u.itemLedgerEntryNo);
      return {
        kind: 'undo',
        lineNo,
        postingDate: check.date('postingDate', u.postingDate),
        documentNo: check.text('documentNo', u.documentNo),
        itemLedgerEntryNo: check.entryNo('itemLedgerEntryNo', u.itemLedgerEntryNo, true) ?? 0,
      };
    }
    default:
      return check.fail('kind', `'${String((input as { kind: unknown }).kind)}' is not a posting kind (line, invoice, itemCharge, undo)`);
  }
}

function validateLine(line: JournalLineInput, check: LineCheck, master: MasterData): PostingOperation | null {
  const entryType = line.entryType as ItemLedgerEntryType;
  if (!(ITEM_LEDGER_ENTRY_TYPES as readonly string[]).includes(entryType))
    check.fail('entryType', `'${String(line.entryType)}' is not an entry type (${ITEM_LEDGER_ENTRY_TYPES.join(', ')})`);
  if (typeof line.itemNo !== 'string' || !master.items.has(line.itemNo)) check.fail('itemNo', `Item ${shown(line.itemNo)} does not exist`);
  const quantity = check.decimal('quantity', line.quantity, true, QUANTITY_BOUNDS);
  if (quantity && quantity.isZero()) check.fail('quantity', 'must not be 0');
  const unitCost = check.decimal('unitCost', line.unitCost, false, unitAmountBounds(master.unitAmountPrecision));
  const amount = check.decimal('amount', line.amount, false, amountBounds(master.amountPrecision));
  if (unitCost && amount) check.fail('amount', 'give either unitCost or amount, not both');
  const locationCode = check.text('locationCode', line.locationCode);
  if (locationCode && !master.locations.has(locationCode)) check.fail('locationCode', `Location '${locationCode}' does not exist`);
  let newLocationCode: string | null = null;
  if (entryType === 'Transfer') {
    newLocationCode = check.text('newLocationCode', line.newLocationCode);
    if (line.newLocationCode === undefined || line.newLocationCode === null) check.fail('newLocationCode', 'is required for a Transfer');
    else if (newLocationCode && !master.locations.has(newLocationCode)) check.fail('newLocationCode', `Location '${newLocationCode}' does not exist`);
  } else if (line.newLocationCode) {
    check.fail('newLocationCode', 'is only for Transfer lines');
  }
  const appliesToEntry = check.entryNo('appliesToEntry', line.appliesToEntry, false);
  const appliesFromEntry = check.entryNo('appliesFromEntry', line.appliesFromEntry, false);
  if (appliesToEntry && appliesFromEntry) check.fail('appliesFromEntry', 'a line applies either to or from an entry, not both');
  if (line.invoice !== undefined && line.invoice !== null && typeof line.invoice !== 'boolean') check.fail('invoice', 'must be true or false');
  const invoice = entryType === 'Transfer' || entryType === 'PositiveAdjmt' || entryType === 'NegativeAdjmt' ? true : line.invoice !== false;
  if (line.invoice === false && invoice) check.fail('invoice', `${entryType} lines are always posted with their cost (invoice cannot be false)`);
  const genBusPostingGroup = check.text('genBusPostingGroup', line.genBusPostingGroup);
  if (!check.failed) {
    checkPostingSetup(check, master, master.itemGroups.get(String(line.itemNo)), {
      location: [{ field: 'locationCode', code: locationCode }, ...(newLocationCode !== null ? [{ field: 'newLocationCode', code: newLocationCode }] : [])],
      general: entryType === 'Transfer' ? undefined : { field: 'genBusPostingGroup', genBus: genBusPostingGroup },
    });
  }
  return {
    kind: 'line',
    lineNo: check.lineNo,
    entryType,
    itemNo: String(line.itemNo),
    postingDate: check.date('postingDate', line.postingDate),
    documentNo: check.text('documentNo', line.documentNo),
    quantity: quantity ?? ZERO,
    unitCost,
    amount,
    locationCode,
    variantCode: check.text('variantCode', line.variantCode),
    newLocationCode,
    invoice,
    appliesToEntry,
    appliesFromEntry,
    serialNo: check.text('serialNo', line.serialNo) || null,
    lotNo: check.text('lotNo', line.lotNo) || null,
    genBusPostingGroup,
  };
}

function validateItemCharge(input: ItemChargeInput, check: LineCheck, master: MasterData): PostingOperation | null {
  const charge = typeof input.itemChargeNo === 'string' ? master.itemCharges.get(input.itemChargeNo) : undefined;
  if (!charge) check.fail('itemChargeNo', `Item charge ${shown(input.itemChargeNo)} does not exist`);
  const total = check.decimal('amount', input.amount, false, amountBounds(master.amountPrecision));
  if (!Array.isArray(input.assignments) || input.assignments.length === 0)
    return check.fail('assignments', 'assign the charge to at least one item ledger entry');
  const assignments = input.assignments.map((a, i) => ({
    itemLedgerEntryNo: check.entryNo(`assignments[${i}].itemLedgerEntryNo`, a?.itemLedgerEntryNo, true) ?? 0,
    amount: check.decimal(`assignments[${i}].amount`, a?.amount, false, amountBounds(master.amountPrecision)),
  }));
  // An amount already refused is not missing as well: one problem per field.
  if (check.failed) return null;
  assignments.forEach((a, i) => {
    const entry = master.referencedEntries.get(a.itemLedgerEntryNo);
    if (!entry) return;
    checkPostingSetup(check, master, master.itemGroups.get(entry.itemNo), {
      location: [{ field: `assignments[${i}].itemLedgerEntryNo`, code: entry.locationCode }],
      general: { field: 'itemChargeNo', genBus: entry.genBusPostingGroup, genProd: charge?.genProdPostingGroup },
    });
  });
  if (check.failed) return null;
  const missing = assignments.filter((a) => a.amount === null);
  if (missing.length > 0 && !total) return check.fail('amount', 'give the charge amount, or an amount on every assignment');
  if (missing.length > 0 && missing.length !== assignments.length) return check.fail('assignments', 'give an amount on every assignment or on none');
  let resolved: { itemLedgerEntryNo: number; amount: Dec }[];
  if (missing.length === 0) resolved = assignments.map((a) => ({ itemLedgerEntryNo: a.itemLedgerEntryNo, amount: a.amount as Dec }));
  else
    resolved = splitByQuantity(
      total as Dec,
      assignments.map((a) => a.itemLedgerEntryNo),
      master.entryQuantities,
      master.amountPrecision,
    );
  return {
    kind: 'itemCharge',
    lineNo: check.lineNo,
    postingDate: check.date('postingDate', input.postingDate),
    documentNo: check.text('documentNo', input.documentNo),
    itemChargeNo: String(input.itemChargeNo),
    genProdPostingGroup: charge?.genProdPostingGroup ?? '',
    assignments: resolved,
  };
}

/** Splits a charge over entries by their quantity; the last takes the rounding residual. */
function splitByQuantity(total: Dec, entryNos: number[], quantities: ReadonlyMap<number, Dec>, precision: Dec): { itemLedgerEntryNo: number; amount: Dec }[] {
  const qty = entryNos.map((no) => quantities.get(no)?.abs() ?? ZERO);
  const sum = qty.reduce((s, q) => s.plus(q), ZERO);
  let given = ZERO;
  return entryNos.map((no, i) => {
    const amount = i === entryNos.length - 1 ? total.minus(given) : sum.isZero() ? ZERO : roundTo(total.times(qty[i]).div(sum), precision);
    given = given.plus(amount);
    return { itemLedgerEntryNo: no, amount };
  });
}

/** Entry numbers an input refers to (applications, invoices, charges, undo). */
export function referencedEntryNos(inputs: readonly PostingInput[]): number[] {
  const refs = new Set<number>();
  for (const input of inputs) {
    if (!input || typeof input !== 'object') continue;
    const kind = input.kind ?? 'line';
    if (kind === 'line') {
      const l = input as JournalLineInput;
      if (isEntryNo(l.appliesToEntry)) refs.add(l.appliesToEntry);
      if (isEntryNo(l.appliesFromEntry)) refs.add(l.appliesFromEntry);
    } else if (kind === 'itemCharge') {
      const assignments = (input as ItemChargeInput).assignments;
      for (const a of Array.isArray(assignments) ? assignments : []) if (isEntryNo(a?.itemLedgerEntryNo)) refs.add(a.itemLedgerEntryNo);
    } else if (isEntryNo((input as InvoiceInput).itemLedgerEntryNo)) {
      refs.add((input as InvoiceInput).itemLedgerEntryNo);
    }
  }
  return [...refs];
}
