/**
 * The demo company's small production line (issue 11): a tool box (VERKTØYKASSE) assembled from a
 * pressed steel body (KASSEKROPP, itself produced from steel plate) and a handle, both Standard
 * with standard costs calculated from their BOMs and routings (two levels). Every month: plate and
 * handles bought, a body order and a tool box order released, consumed, worked, output and
 * finished, most tool boxes sold; one month's plate invoiced late at another price (the material
 * variance moves); the last month ends with a tool box order still released, so that its close
 * shows work in process. Plain data, deterministic; the demo service posts it.
 */
import { addDays, type IsoDate } from '../common/dates';

export const PRODUCTION_LOCATION = 'OSLO';

export const DEMO_WORK_CENTERS = [
  { no: 'PRESSE', name: 'Presse', directUnitCost: '4', indirectCostPercent: '10' },
  { no: 'MONTASJE', name: 'Montasjelinje', directUnitCost: '3', overheadRate: '0.5' },
];

export const DEMO_PRODUCTION_ITEMS = [
  { no: 'STÅLPLATE', description: 'Stålplate 1 mm', costingMethod: 'Standard', standardCost: '40' },
  { no: 'HÅNDTAK', description: 'Håndtak plast', costingMethod: 'Standard', standardCost: '12' },
  {
    no: 'KASSEKROPP',
    description: 'Kassekropp presset',
    costingMethod: 'Standard',
    replenishmentSystem: 'ProdOrder',
    lotSize: '10',
    bom: [{ item: 'STÅLPLATE', quantityPer: '2' }],
    routing: [{ workCenter: 'PRESSE', setupTime: '30', runTime: '6' }],
  },
  {
    no: 'VERKTØYKASSE',
    description: 'Verktøykasse komplett',
    costingMethod: 'Standard',
    replenishmentSystem: 'ProdOrder',
    lotSize: '10',
    indirectCostPercent: '5',
    bom: [
      { item: 'KASSEKROPP', quantityPer: '1' },
      { item: 'HÅNDTAK', quantityPer: '1' },
    ],
    routing: [{ workCenter: 'MONTASJE', setupTime: '15', runTime: '10' }],
  },
];

export type ProductionStep =
  | { kind: 'purchase'; ref: string; itemNo: string; date: IsoDate; quantity: string; unitCost: string; invoice: boolean }
  | { kind: 'invoice'; receipt: string; date: IsoDate; unitCost: string }
  | { kind: 'order'; ref: string; itemNo: string; quantity: string; date: IsoDate }
  | { kind: 'consume'; order: string; itemNo: string; quantity: string; date: IsoDate }
  | { kind: 'capacity'; order: string; workCenter: string; quantity: string; date: IsoDate }
  | { kind: 'output'; order: string; quantity: string; date: IsoDate }
  | { kind: 'finish'; order: string; date: IsoDate }
  | { kind: 'sale'; itemNo: string; quantity: string; date: IsoDate };

/** The months from `firstDay` (a month's first day) to `lastDay`, a production run in each. */
export function demoProduction(firstDay: IsoDate, lastDay: IsoDate): ProductionStep[] {
  const steps: ProductionStep[] = [];
  let month = 0;
  for (let start = firstDay; start <= lastDay; start = nextMonth(start), month++) {
    const day = (n: number) => addDays(start, n - 1);
    const last = nextMonth(start) > lastDay;
    const m = String(month + 1).padStart(2, '0');
    // Plate and handles for the month; in the fourth month the plate comes without an invoice,
    // which arrives three weeks later at 42.00 instead of 40.00.
    const lateInvoice = month === 3;
    steps.push({ kind: 'purchase', ref: `PLATE-${m}`, itemNo: 'STÅLPLATE', date: day(2), quantity: '22', unitCost: '40', invoice: !lateInvoice });
    if (lateInvoice) steps.push({ kind: 'invoice', receipt: `PLATE-${m}`, date: day(23), unitCost: '42' });
    steps.push({ kind: 'purchase', ref: `HANDLE-${m}`, itemNo: 'HÅNDTAK', date: day(2), quantity: '10', unitCost: '12', invoice: true });
    // Ten bodies: a plate spoilt now and then, the press a little slower than planned.
    const body = `KROPP-${m}`;
    steps.push({ kind: 'order', ref: body, itemNo: 'KASSEKROPP', quantity: '10', date: day(3) });
    steps.push({ kind: 'consume', order: body, itemNo: 'STÅLPLATE', quantity: month % 3 === 0 ? '21' : '20', date: day(3) });
    steps.push({ kind: 'capacity', order: body, workCenter: 'PRESSE', quantity: String(90 + (month % 4) * 5), date: day(4) });
    steps.push({ kind: 'output', order: body, quantity: '10', date: day(5) });
    steps.push({ kind: 'finish', order: body, date: day(5) });
    // Ten tool boxes; in the last month the order is still on the line at month end.
    const box = `KASSE-${m}`;
    steps.push({ kind: 'order', ref: box, itemNo: 'VERKTØYKASSE', quantity: '10', date: day(8) });
    steps.push({ kind: 'consume', order: box, itemNo: 'KASSEKROPP', quantity: '10', date: day(8) });
    steps.push({ kind: 'consume', order: box, itemNo: 'HÅNDTAK', quantity: '10', date: day(8) });
    steps.push({ kind: 'capacity', order: box, workCenter: 'MONTASJE', quantity: String(110 + (month % 2) * 10), date: day(9) });
    if (last) steps.push({ kind: 'output', order: box, quantity: '4', date: day(10) });
    else {
      steps.push({ kind: 'output', order: box, quantity: '10', date: day(10) });
      steps.push({ kind: 'finish', order: box, date: day(12) });
    }
    // Sold from stock (two a month stay): the last month sells from earlier months' output.
    steps.push({ kind: 'sale', itemNo: 'VERKTØYKASSE', quantity: '8', date: day(20) });
  }
  return steps.sort((a, b) => a.date.localeCompare(b.date));
}

function nextMonth(date: IsoDate): IsoDate {
  const [y, m] = date.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}
