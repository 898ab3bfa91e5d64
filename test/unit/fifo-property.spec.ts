/**
 * Property (issue #3): for random sequences of receipts, late invoices, item charges, sales,
 * returns and transfers of a FIFO item, after Adjust Cost every sale costs exactly what FIFO
 * computed directly from the final inbound costs gives, and the inventory value left is exactly
 * the inbound cost not yet taken — no cent created or lost.
 */
import fc from 'fast-check';
import { Dec, dec, roundTo, ZERO } from '../../src/common/decimal';
import type { PostingOperation } from '../../src/costing/posting/operations';
import { adjustSettings } from './support/adjust-fixture';
import { Book, item, line } from './support/core-fixture';

type Action = { kind: number; a: number; b: number; c: number };

interface Layer {
  entryNo: number;
  location: string;
  qty: number;
  remaining: number;
  cost: () => Dec;
  invoiced: () => boolean;
  taken: { qty: number }[];
}

const cent = dec('0.01');
const share = (layer: Layer, qty: number) => roundTo(layer.cost().times(qty).div(layer.qty), cent);

function run(actions: Action[]): void {
  const book = new Book([item('F', 'FIFO')]);
  const layers: Layer[] = [];
  const receipts: { entryNo: number; expected: Dec; invoiced: Dec | null; charges: Dec }[] = [];
  const decreases = new Map<number, { takes: { layer: Layer; qty: number }[]; qty: number }>();
  const sales: { entryNo: number; qty: number; returned: number }[] = [];
  let day = 0;
  const date = () => new Date(Date.UTC(2024, 0, 1 + ++day)).toISOString().slice(0, 10);
  const post = (op: PostingOperation) => book.ledger.post([op], book.ctx)[0];
  const costOfDecrease = (no: number) => {
    const d = decreases.get(no);
    return d ? d.takes.reduce((s, t) => s.plus(share(t.layer, t.qty)), ZERO) : ZERO;
  };
  /** FIFO as the engine applies: earliest posting date, then entry number, at the location. */
  const take = (location: string, qty: number, outbound: number) => {
    const takes: { layer: Layer; qty: number }[] = [];
    let left = qty;
    for (const layer of layers) {
      if (layer.location !== location || layer.remaining === 0 || left === 0) continue;
      const q = Math.min(left, layer.remaining);
      layer.remaining -= q;
      left -= q;
      layer.taken.push({ qty: q });
      takes.push({ layer, qty: q });
    }
    decreases.set(outbound, { takes, qty });
  };
  const stock = (location: string) => layers.filter((l) => l.location === location).reduce((s, l) => s + l.remaining, 0);

  for (const { kind, a, b, c } of actions) {
    const location = a % 2 ? 'B' : 'A';
    switch (kind % 7) {
      case 0: {
        // receipt, invoiced now (b odd) or later
        const qty = 1 + (b % 9);
        const unit = dec(((c % 4900) + 100) / 100);
        const invoice = b % 2 === 1;
        const no = post(line('Purchase', 'F', date(), { quantity: String(qty), unitCost: unit.toFixed(), locationCode: location, invoice }))
          .itemLedgerEntryNos[0];
        const r = { entryNo: no, expected: roundTo(unit.times(qty), cent), invoiced: invoice ? roundTo(unit.times(qty), cent) : null, charges: ZERO };
        receipts.push(r);
        layers.push({
          entryNo: no,
          location,
          qty,
          remaining: qty,
          cost: () => (r.invoiced ?? r.expected).plus(r.charges),
          invoiced: () => r.invoiced !== null,
          taken: [],
        });
        break;
      }
      case 1: {
        // late invoice of a receipt at another price
        const open = receipts.filter((r) => r.invoiced === null);
        if (!open.length) break;
        const r = open[b % open.length];
        const e = book.entry(r.entryNo);
        const unit = dec(((c % 4900) + 100) / 100);
        post({ kind: 'invoice', lineNo: 1, postingDate: date(), documentNo: 'INV', itemLedgerEntryNo: r.entryNo, quantity: null, unitCost: unit });
        r.invoiced = roundTo(unit.times(e.quantity), cent);
        break;
      }
      case 2: {
        // item charge on any receipt so far
        if (!receipts.length) break;
        const r = receipts[b % receipts.length];
        const amount = dec(((c % 2000) + 1) / 100);
        post({
          kind: 'itemCharge',
          lineNo: 1,
          postingDate: date(),
          documentNo: 'CHG',
          itemChargeNo: 'FREIGHT',
          genProdPostingGroup: 'RETAIL',
          assignments: [{ itemLedgerEntryNo: r.entryNo, amount }],
        });
        r.charges = r.charges.plus(amount);
        break;
      }
      case 3: {
        // sale within stock
        const onHand = stock(location);
        if (onHand === 0) break;
        const qty = 1 + (b % onHand);
        const no = post(line('Sale', 'F', date(), { quantity: String(qty), locationCode: location })).itemLedgerEntryNos[0];
        take(location, qty, no);
        sales.push({ entryNo: no, qty, returned: 0 });
        break;
      }
      case 4: {
        // exact-cost return of part of a sale (Appl.-from)
        const returnable = sales.filter((s) => s.returned < s.qty);
        if (!returnable.length) break;
        const s = returnable[b % returnable.length];
        const qty = 1 + (c % (s.qty - s.returned));
        const saleLocation = book.entry(s.entryNo).locationCode;
        const no = post(line('Sale', 'F', date(), { quantity: String(-qty), appliesFromEntry: s.entryNo, locationCode: saleLocation })).itemLedgerEntryNos[0];
        s.returned += qty;
        layers.push({
          entryNo: no,
          location: saleLocation,
          qty,
          remaining: qty,
          cost: () => roundTo(costOfDecrease(s.entryNo).times(qty).div(s.qty), cent),
          invoiced: () => true,
          taken: [],
        });
        break;
      }
      case 5: {
        // transfer to the other location
        const onHand = stock(location);
        if (onHand === 0) break;
        const qty = 1 + (b % onHand);
        const to = location === 'A' ? 'B' : 'A';
        const [out, into] = post(line('Transfer', 'F', date(), { quantity: String(qty), locationCode: location, newLocationCode: to })).itemLedgerEntryNos;
        take(location, qty, out);
        layers.push({ entryNo: into, location: to, qty, remaining: qty, cost: () => costOfDecrease(out), invoiced: () => true, taken: [] });
        break;
      }
      case 6:
        // an adjustment run in between: the final result must not depend on it
        book.ledger.adjust(adjustSettings());
        break;
    }
  }
  book.ledger.adjust(adjustSettings());
  expect(book.ledger.adjust(adjustSettings()).valueEntries).toHaveLength(0); // nothing new: nothing written

  const cost = (no: number) => book.actual(no).plus(book.expected(no));
  for (const s of sales) expect(cost(s.entryNo).negated().toFixed()).toBe(costOfDecrease(s.entryNo).toFixed());
  // What is left: each layer's cost less what its decreases took; a fully applied, invoiced layer
  // carries its rounding residual as a Rounding entry (R71) and is left at exactly zero.
  const left = layers.reduce((sum, l) => {
    const taken = l.taken.reduce((s, t) => s.plus(share(l, t.qty)), ZERO);
    return sum.plus(l.remaining === 0 && l.invoiced() ? ZERO : l.cost().minus(taken));
  }, ZERO);
  const inventoryValue = [...book.ledger.entries.keys()].reduce((s, no) => s.plus(cost(no)), ZERO);
  expect(inventoryValue.toFixed()).toBe(left.toFixed());
  // Transfers move value, they create none: out + in = 0 on every transfer (rounding aside).
  const values = (no: number) => book.ledger.valuesOf(no);
  const withoutRounding = (no: number) =>
    values(no)
      .filter((v) => v.entryType !== 'Rounding')
      .reduce((t, v) => t.plus(v.costAmountActual).plus(v.costAmountExpected), ZERO);
  for (const e of book.ledger.entries.values()) {
    if (e.entryType === 'Transfer' && !e.positive)
      expect(
        withoutRounding(e.entryNo)
          .plus(withoutRounding(e.entryNo + 1))
          .toFixed(),
      ).toBe('0');
  }
  // Σ inventory value = Σ inbound cost (receipts with their invoices and charges, returns, and the
  // rounding entries that settle fully applied increases) − Σ COGS, exactly.
  const rounding = book.ledger.valueEntries.filter((v) => v && v.entryType === 'Rounding').reduce((t, v) => t.plus(v.costAmountActual), ZERO);
  const inbound = [...book.ledger.entries.values()]
    .filter((e) => e.positive && e.entryType !== 'Transfer')
    .reduce((t, e) => t.plus(withoutRounding(e.entryNo)), ZERO)
    .plus(rounding);
  const cogs = sales.reduce((t, x) => t.plus(cost(x.entryNo).negated()), ZERO);
  expect(inventoryValue.toFixed()).toBe(inbound.minus(cogs).toFixed());
}

describe('FIFO adjustment property', () => {
  it('COGS equals FIFO from the final inbound costs; inventory value = inbound cost − COGS, exactly', () => {
    const action = fc.record({ kind: fc.nat(6), a: fc.nat(), b: fc.nat(), c: fc.nat() });
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 40 }), (actions) => run(actions)),
      { numRuns: 300, seed: 20261121 },
    );
  });

  it('holds for a hand-written sequence with every kind of posting', () => {
    run([
      { kind: 0, a: 0, b: 4, c: 333 },
      { kind: 0, a: 0, b: 3, c: 1000 },
      { kind: 3, a: 0, b: 6, c: 0 },
      { kind: 5, a: 0, b: 2, c: 0 },
      { kind: 1, a: 0, b: 0, c: 777 },
      { kind: 2, a: 0, b: 0, c: 100 },
      { kind: 4, a: 0, b: 0, c: 1 },
      { kind: 3, a: 1, b: 1, c: 0 },
      { kind: 2, a: 0, b: 1, c: 33 },
    ]);
  });
});
