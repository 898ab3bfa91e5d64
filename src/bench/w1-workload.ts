/**
 * Workload W1 (issue #3): 5,000 items × 3 locations, N item ledger entries over the 12 months of
 * 2025; 60 % FIFO, 25 % Average (period Month), 10 % Standard, 5 % LIFO; 20 % of purchases
 * received first and invoiced after the sale at another price; 5 % of receipts get an item
 * charge; 2 % of sales come back with exact cost reversal; transfers between locations; some
 * negative inventory. Deterministic for a seed.
 *
 * This module only decides what happens on each day (journal operations, in the scenario's own
 * terms); w1-generator.ts posts them through the pure posting engine and writes the rows.
 */
import type { IsoDate } from '../common/dates';
import { seededRandom } from './bench-support';

export const W1_LOCATIONS = ['NORTH', 'SOUTH', 'EAST'];

export type Method = 'FIFO' | 'Average' | 'Standard' | 'LIFO';

export interface W1Item {
  no: string;
  method: Method;
  baseCost: number;
}

/** 60 / 25 / 10 / 5 per 20 items: exact shares for any multiple of 20. */
const METHOD_PATTERN: Method[] = [...Array<Method>(12).fill('FIFO'), ...Array<Method>(5).fill('Average'), ...Array<Method>(2).fill('Standard'), 'LIFO'];

export function w1Items(count: number, seed: number): W1Item[] {
  const random = seededRandom(seed * 7919 + 1);
  return Array.from({ length: count }, (_, i) => ({
    no: `W${String(i + 1).padStart(5, '0')}`,
    method: METHOD_PATTERN[i % METHOD_PATTERN.length],
    baseCost: Math.round((2 + random() * 198) * 100) / 100,
  }));
}

/** One planned posting, in journal terms; refs are generator-local keys resolved at posting. */
export type Planned =
  | { kind: 'purchase'; key: number; item: number; location: number; qty: number; unitCost: string; invoice: boolean }
  | { kind: 'sale'; key: number; item: number; location: number; qty: number }
  | { kind: 'transfer'; key: number; item: number; location: number; to: number; qty: number }
  | { kind: 'return'; key: number; sale: number; qty: number }
  | { kind: 'invoice'; receipt: number; unitCost: string }
  | { kind: 'charge'; receipt: number; amount: string };

export function dayDate(day: number): IsoDate {
  return new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10);
}

/**
 * Plans the year day by day. `entriesPerDay` is the target of new item ledger entries; stock is
 * tracked per item and location so that sales mostly fit, with about 1 % that do not (negative
 * inventory), and follow-ups (late invoices, charges, returns) are scheduled a few weeks ahead.
 */
export class W1Planner {
  private readonly random: () => number;
  private readonly stock: Int32Array;
  private readonly scheduled = new Map<number, Planned[]>();
  /** Follow-ups scheduled and not handed out yet, by the key of the posting they refer to. */
  private readonly pending = new Map<number, number>();
  private key = 0;

  constructor(
    readonly items: W1Item[],
    seed: number,
  ) {
    this.random = seededRandom(seed);
    this.stock = new Int32Array(items.length * W1_LOCATIONS.length);
  }

  private pick(n: number): number {
    return Math.floor(this.random() * n);
  }

  private later(day: number, min: number, max: number, op: Planned): void {
    const at = Math.min(364, day + min + this.pick(max - min + 1));
    const list = this.scheduled.get(at) ?? [];
    list.push(op);
    this.scheduled.set(at, list);
    const ref = referenceOf(op);
    if (ref !== null) this.pending.set(ref, (this.pending.get(ref) ?? 0) + 1);
  }

  /**
   * Whether a follow-up planned for a later day refers to the posting of `key`. Once `plan` has
   * handed out a day, its follow-ups no longer count: the generator may then forget a posting no
   * later day refers to (streaming, issue 12).
   */
  isReferenced(key: number): boolean {
    return this.pending.has(key);
  }

  private price(item: W1Item, spread: number): string {
    return (item.baseCost * (1 + (this.random() * 2 - 1) * spread)).toFixed(2);
  }

  /** The operations of one day, follow-ups first, producing about `entries` new entries. */
  plan(day: number, entries: number): Planned[] {
    const ops: Planned[] = [...(this.scheduled.get(day) ?? [])];
    this.scheduled.delete(day);
    for (const op of ops) {
      const ref = referenceOf(op);
      if (ref === null) continue;
      const left = (this.pending.get(ref) ?? 0) - 1;
      if (left > 0) this.pending.set(ref, left);
      else this.pending.delete(ref);
    }
    let produced = ops.filter((o) => o.kind === 'return').length;
    while (produced < entries) {
      const item = this.pick(this.items.length);
      const location = this.pick(W1_LOCATIONS.length);
      const slot = item * W1_LOCATIONS.length + location;
      const onHand = this.stock[slot];
      const r = this.random();
      // A distributor's stock stays level: buy below a reorder point or now and then, sell most days.
      if (onHand < 5 || r < 0.33) {
        const qty = 1 + this.pick(20);
        const invoice = this.random() >= 0.2;
        const key = ++this.key;
        ops.push({ kind: 'purchase', key, item, location, qty, unitCost: this.price(this.items[item], 0.1), invoice });
        this.stock[slot] += qty;
        if (!invoice) this.later(day, 10, 45, { kind: 'invoice', receipt: key, unitCost: this.price(this.items[item], 0.15) });
        if (this.random() < 0.05)
          this.later(day, 3, 30, { kind: 'charge', receipt: key, amount: (qty * this.items[item].baseCost * (0.01 + this.random() * 0.04)).toFixed(2) });
        produced++;
      } else if (r < 0.92) {
        // About 1 % of sales ask for more than is on hand: negative inventory, filled later.
        const short = this.random() < 0.01;
        const qty = short ? onHand + 1 + this.pick(3) : 1 + this.pick(Math.min(onHand, 16));
        const key = ++this.key;
        ops.push({ kind: 'sale', key, item, location, qty });
        this.stock[slot] -= qty;
        if (this.random() < 0.02) {
          const back = 1 + this.pick(qty);
          this.later(day, 2, 20, { kind: 'return', key: ++this.key, sale: key, qty: back });
          this.stock[slot] += back;
        }
        produced++;
      } else {
        const to = (location + 1 + this.pick(W1_LOCATIONS.length - 1)) % W1_LOCATIONS.length;
        const qty = 1 + this.pick(Math.min(onHand, 8));
        ops.push({ kind: 'transfer', key: ++this.key, item, location, to, qty });
        this.stock[slot] -= qty;
        this.stock[item * W1_LOCATIONS.length + to] += qty;
        produced += 2;
      }
    }
    return ops;
  }
}

/** The key of the posting a follow-up refers to (the receipt invoiced or charged, the sale returned). */
function referenceOf(op: Planned): number | null {
  if (op.kind === 'invoice' || op.kind === 'charge') return op.receipt;
  if (op.kind === 'return') return op.sale;
  return null;
}
