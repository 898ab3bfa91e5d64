/**
 * The demo company a newcomer's first `npm start` creates: Nordlys Engros AS, a Norwegian
 * hardware wholesaler with three warehouses, a few hundred articles and a year of business —
 * receipts invoiced later at another price, freight charged after the fact, sales, transfers
 * between warehouses and customer returns. Deterministic (seeded), so every newcomer sees the
 * same figures. Plain data: the demo service posts it through the item journal, day by day.
 */
import { addDays, IsoDate } from '../common/dates';
import { Dec, roundTo } from '../common/decimal';
import { seededRandom as seeded } from '../common/seeded-random';

export const DEMO_COMPANY = 'Nordlys Engros AS';
export const DEMO_LOCATIONS = ['OSLO', 'BERGEN', 'TRONDHEIM'];
export const DEMO_CHARGES = [
  { no: 'FRAKT', description: 'Frakt' },
  { no: 'TOLL', description: 'Toll og avgifter' },
];

const ARTICLES = [
  ['Skrue', ['M4x20', 'M5x30', 'M6x40', 'M8x40', 'M8x60', 'M10x80']],
  ['Mutter', ['M4', 'M5', 'M6', 'M8', 'M10', 'M12']],
  ['Skive', ['4 mm', '6 mm', '8 mm', '10 mm', '12 mm']],
  ['Bolt', ['M8x100', 'M10x120', 'M12x150', 'M16x200']],
  ['Plugg', ['5 mm', '6 mm', '8 mm', '10 mm']],
  ['Spiker', ['40 mm', '60 mm', '90 mm', '125 mm']],
  ['Hengsel', ['messing 50 mm', 'stål 75 mm', 'rustfri 100 mm']],
  ['Vinkelbeslag', ['40x40', '60x60', '90x90']],
  ['Kabel', ['PFSP 3x1,5', 'PFSP 3x2,5', 'PN 3G1,5']],
  ['Sikring', ['10 A', '16 A', '20 A', '25 A']],
  ['Lyspære LED', ['E27 806 lm', 'E14 470 lm', 'GU10 345 lm']],
  ['Maling', ['hvit 3 l', 'svart 0,75 l', 'grunning 10 l']],
  ['Pensel', ['25 mm', '50 mm', '75 mm']],
  ['Tape', ['gaffa 50 m', 'malertape 25 m', 'dobbeltsidig 10 m']],
  ['Lim', ['trelim 0,75 l', 'monteringslim 290 ml', 'superlim 3 g']],
  ['Slange', ['1/2" 25 m', '3/4" 50 m']],
  ['Hanske', ['str. 8', 'str. 9', 'str. 10']],
  ['Vernebrille', ['klar', 'tonet']],
] as const;

export interface DemoItem {
  no: string;
  description: string;
  costingMethod: 'FIFO' | 'Average' | 'Standard' | 'LIFO';
  /** Decimal text: the list purchase cost (and the standard cost of Standard items). */
  cost: string;
  /** Units a week at each warehouse. */
  weeklyDemand: number;
}

/** An amount as decimal text: `base` × `factor` (a random draw, taken to six places), to the cent. */
const scaled = (base: string, factor: number) => roundTo(new Dec(base).times(factor.toFixed(6)), CENT).toFixed(2);
const CENT = new Dec('0.01');

export function demoItems(count = 300, seed = 2026): DemoItem[] {
  const random = seeded(seed);
  const all: { description: string }[] = [];
  for (const [name, sizes] of ARTICLES) for (const size of sizes) all.push({ description: `${name} ${size}` });
  return Array.from({ length: count }, (_, i) => {
    const base = all[i % all.length];
    const grade = Math.floor(i / all.length);
    const r = random();
    const costingMethod = r < 0.6 ? 'FIFO' : r < 0.85 ? 'Average' : r < 0.95 ? 'Standard' : 'LIFO';
    return {
      no: `NE${String(1001 + i)}`,
      description: grade === 0 ? base.description : `${base.description} (${['sink', 'rustfri', 'pakke 100', 'pakke 500', 'proff', 'eco'][grade % 6]})`,
      costingMethod,
      cost: scaled('400', random() * random() + 0.005),
      weeklyDemand: 2 + Math.floor(random() * 18),
    };
  });
}

export type DemoLine =
  | { kind: 'receipt'; ref: string; itemNo: string; date: IsoDate; location: string; quantity: number; unitCost: string; invoice: boolean }
  | { kind: 'sale'; ref: string; itemNo: string; date: IsoDate; location: string; quantity: number }
  | { kind: 'transfer'; itemNo: string; date: IsoDate; from: string; to: string; quantity: number }
  | { kind: 'return'; itemNo: string; date: IsoDate; location: string; quantity: number; ofSale: string }
  | { kind: 'invoice'; receipt: string; date: IsoDate; unitCost: string }
  | { kind: 'charge'; charge: string; receipt: string; date: IsoDate; amount: string };

/**
 * A year of business, day by day from `firstDay` to `lastDay`: each warehouse reorders an item
 * when it runs low (a fifth of receipts invoiced one to three weeks later, at up to 5 % off the
 * receipt's price), sells what it has, sends stock from Oslo to the others; freight and customs
 * arrive as item charges a few days after some receipts; now and then a customer returns goods.
 * Sales never exceed stock, so the year has no negative inventory to stop its close.
 */
export function demoYear(items: DemoItem[], firstDay: IsoDate, lastDay: IsoDate, seed = 2026): Map<IsoDate, DemoLine[]> {
  const random = seeded(seed + 1);
  const days = new Map<IsoDate, DemoLine[]>();
  const on = (date: IsoDate) => {
    let list = days.get(date);
    if (!list) days.set(date, (list = []));
    return list;
  };
  const stock = new Map<string, number>();
  const key = (item: string, location: string) => `${item}\u0000${location}`;
  let refs = 0;
  const recentSales: { ref: string; itemNo: string; location: string; quantity: number }[] = [];
  for (let date = firstDay; date <= lastDay; date = addDays(date, 1)) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (weekday === 0 || weekday === 6) continue;
    // About one return a day, of a sale of an earlier day, at the sale's exact cost (R34).
    if (recentSales.length && random() < 0.9) {
      const sale = recentSales.splice(Math.floor(random() * recentSales.length), 1)[0];
      const quantity = Math.max(1, Math.floor(sale.quantity * random()));
      on(date).push({ kind: 'return', itemNo: sale.itemNo, date, location: sale.location, quantity, ofSale: sale.ref });
      stock.set(key(sale.itemNo, sale.location), (stock.get(key(sale.itemNo, sale.location)) ?? 0) + quantity);
    }
    const soldToday: typeof recentSales = [];
    for (const item of items) {
      for (const location of DEMO_LOCATIONS) {
        const daily = (item.weeklyDemand * (location === 'OSLO' ? 1.5 : 0.8)) / 5;
        const have = stock.get(key(item.no, location)) ?? 0;
        // Reorder below two weeks' demand: Oslo buys, the others mostly get a transfer from Oslo.
        if (have < daily * 10 && random() < 0.15) {
          const quantity = Math.max(5, Math.round(daily * 25 * (0.8 + random() * 0.6)));
          const oslo = stock.get(key(item.no, 'OSLO')) ?? 0;
          if (location !== 'OSLO' && oslo >= quantity + daily * 10 && random() < 0.7) {
            on(date).push({ kind: 'transfer', itemNo: item.no, date, from: 'OSLO', to: location, quantity });
            stock.set(key(item.no, 'OSLO'), oslo - quantity);
          } else {
            const ref = `R${++refs}`;
            const unitCost = scaled(item.cost, 0.95 + random() * 0.1);
            const invoiceLater = random() < 0.2;
            on(date).push({ kind: 'receipt', ref, itemNo: item.no, date, location, quantity, unitCost, invoice: !invoiceLater });
            if (invoiceLater) {
              const when = addDays(date, 7 + Math.floor(random() * 14));
              if (when <= lastDay) on(when).push({ kind: 'invoice', receipt: ref, date: when, unitCost: scaled(unitCost, 0.95 + random() * 0.1) });
            }
            if (random() < 0.05) {
              const when = addDays(date, 2 + Math.floor(random() * 10));
              const charge = random() < 0.8 ? 'FRAKT' : 'TOLL';
              if (when <= lastDay)
                on(when).push({ kind: 'charge', charge, receipt: ref, date: when, amount: scaled(unitCost, quantity * (0.02 + random() * 0.06)) });
            }
          }
          stock.set(key(item.no, location), (stock.get(key(item.no, location)) ?? 0) + quantity);
        }
        // A customer order now and then, for about a fortnight's demand, never more than is there.
        const available = stock.get(key(item.no, location)) ?? 0;
        if (available > 0 && random() < 0.07) {
          const quantity = Math.min(available, Math.max(1, Math.round(daily * 14 * (0.5 + random()))));
          const ref = `S${++refs}`;
          on(date).push({ kind: 'sale', ref, itemNo: item.no, date, location, quantity });
          stock.set(key(item.no, location), available - quantity);
          soldToday.push({ ref, itemNo: item.no, location, quantity });
        }
      }
    }
    recentSales.push(...soldToday);
    if (recentSales.length > 300) recentSales.splice(0, recentSales.length - 300);
  }
  return days;
}
