/**
 * The stragglers of a month end, shared by bench:adjust (the incremental run) and bench:close
 * (the month's incremental work).
 */
import type { MikroORM } from '@mikro-orm/core';
import { inTransaction } from '../database/sql-session';
import type { ItemJournalService } from '../item-journal/item-journal.service';
import type { PostingInput } from '../item-journal/journal-input';
import { seededRandom, timed } from './bench-support';

/**
 * 1 % more entries on the last day of the year, as a period's stragglers arrive: sales of stock
 * on hand, purchases, late invoices of open receipts at another price, charges on recent
 * receipts, returns of recent sales, transfers. Posted through the item journal service.
 */
export async function postOnePercent(journal: ItemJournalService, orm: MikroORM, count: number, seed: number): Promise<{ lines: number; seconds: number }> {
  const random = seededRandom(seed * 31 + 7);
  // Every list in a fixed order: the picks must not depend on where PostgreSQL keeps the rows
  // (the full adjustment's updates move them), or runs would post different stragglers.
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)];
  const { stock, uninvoiced, receipts, sales } = await inTransaction(orm, async (sql) => ({
    stock: await sql.query<{ item_no: string; location_code: string; qty: string }>(
      'SELECT item_no, location_code, sum(remaining_quantity)::text AS qty FROM item_ledger_entry WHERE open AND positive GROUP BY 1, 2 HAVING sum(remaining_quantity) > 0 ORDER BY 1, 2',
    ),
    uninvoiced: await sql.query<{ entry_no: number }>(
      "SELECT entry_no FROM item_ledger_entry WHERE positive AND entry_type = 'Purchase' AND invoiced_quantity = 0 AND NOT correction ORDER BY entry_no",
    ),
    receipts: await sql.query<{ entry_no: number }>(
      "SELECT entry_no FROM item_ledger_entry WHERE entry_type = 'Purchase' AND positive AND posting_date >= '2025-12-01' ORDER BY entry_no",
    ),
    sales: await sql.query<{ entry_no: number; qty: string; location_code: string; item_no: string }>(
      "SELECT e.entry_no, (-e.quantity)::text AS qty, e.location_code, e.item_no FROM item_ledger_entry e WHERE e.entry_type = 'Sale' AND NOT e.positive AND e.posting_date >= '2025-12-01' AND NOT EXISTS (SELECT 1 FROM item_application_entry a WHERE a.cost_application AND a.outbound_item_entry_no = e.entry_no) ORDER BY e.entry_no",
    ),
  }));
  const lines: PostingInput[] = [];
  const onHand = new Map(stock.map((s) => [`${s.item_no}\u0000${s.location_code}`, Number(s.qty)]));
  const usedInvoices = new Set<number>();
  const usedSales = new Set<number>();
  while (lines.length < count) {
    const r = random();
    const date = '2025-12-31';
    if (r < 0.45) {
      const slot = pick(stock);
      const key = `${slot.item_no}\u0000${slot.location_code}`;
      const have = onHand.get(key) ?? 0;
      if (have <= 0) continue;
      const qty = 1 + Math.floor(random() * Math.min(have, 8));
      onHand.set(key, have - qty);
      lines.push({ entryType: 'Sale', itemNo: slot.item_no, postingDate: date, quantity: String(qty), locationCode: slot.location_code });
    } else if (r < 0.8) {
      const slot = pick(stock);
      lines.push({
        entryType: 'Purchase',
        itemNo: slot.item_no,
        postingDate: date,
        quantity: String(1 + Math.floor(random() * 20)),
        unitCost: (2 + random() * 150).toFixed(2),
        locationCode: slot.location_code,
      });
    } else if (r < 0.88) {
      const slot = pick(stock);
      const key = `${slot.item_no}\u0000${slot.location_code}`;
      const have = onHand.get(key) ?? 0;
      if (have <= 0) continue;
      const to = ['NORTH', 'SOUTH', 'EAST'].filter((l) => l !== slot.location_code)[Math.floor(random() * 2)];
      onHand.set(key, have - 1);
      lines.push({ entryType: 'Transfer', itemNo: slot.item_no, postingDate: date, quantity: '1', locationCode: slot.location_code, newLocationCode: to });
    } else if (r < 0.93 && uninvoiced.length) {
      const receipt = pick(uninvoiced).entry_no;
      if (usedInvoices.has(receipt)) continue;
      usedInvoices.add(receipt);
      lines.push({ kind: 'invoice', itemLedgerEntryNo: receipt, postingDate: date, unitCost: (2 + random() * 150).toFixed(2) });
    } else if (r < 0.98 && receipts.length) {
      lines.push({
        kind: 'itemCharge',
        itemChargeNo: 'FREIGHT',
        postingDate: date,
        amount: (1 + random() * 30).toFixed(2),
        assignments: [{ itemLedgerEntryNo: pick(receipts).entry_no }],
      });
    } else if (sales.length) {
      const sale = pick(sales);
      if (usedSales.has(sale.entry_no)) continue;
      usedSales.add(sale.entry_no);
      lines.push({
        entryType: 'Sale',
        itemNo: sale.item_no,
        postingDate: date,
        quantity: String(-1),
        locationCode: sale.location_code,
        appliesFromEntry: sale.entry_no,
      });
    }
  }
  const { seconds } = await timed(async () => {
    for (let i = 0; i < lines.length; i += 2000) await journal.post(lines.slice(i, i + 2000), 'BENCH', { workDate: '2025-12-31' });
  });
  return { lines: lines.length, seconds };
}
