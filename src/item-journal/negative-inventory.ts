/**
 * Prevent Negative Inventory (issue 15, item 9), as Business Central has it: Inventory Setup
 * switches it on for every item, and an item's own setting (Default, No, Yes) overrides that.
 * When it applies, a decrease that would take the item below zero at a location (and variant)
 * is refused, naming the line, item, location and the quantity available then; when it does not,
 * negative inventory works as before (R28). Checked under the item locks the posting holds, with
 * the batch's own lines in order: a receipt earlier in the batch makes stock for a later sale.
 */
import { Dec, ZERO } from '../common/decimal';
import { ErrorDetail, PostingRefusedError } from '../common/errors';
import type { PostingOperation } from '../costing/posting/operations';
import { isInboundLine } from '../costing/posting/posting-engine';
import type { SqlSession } from '../database/sql-session';
import { ItemJournalRepository, type StockRow } from './item-journal.repository';

interface Movement {
  lineNo: number;
  /** The request field a refusal names: the quantity, or the entry an undo reverses. */
  field: string;
  itemNo: string;
  locationCode: string;
  variantCode: string;
  quantity: Dec;
}

export async function refuseNegativeInventory(
  sql: SqlSession,
  operations: readonly PostingOperation[],
  repository = new ItemJournalRepository(),
): Promise<void> {
  const movements = await movementsOf(sql, operations, repository);
  const decreasing = [...new Set(movements.filter((m) => m.quantity.lessThan(0)).map((m) => m.itemNo))];
  if (decreasing.length === 0) return;
  const prevented = await repository.itemsPreventingNegative(sql, decreasing);
  if (prevented.size === 0) return;
  const onHand = new Map<string, Dec>();
  const rows = await repository.onHand(sql, [...prevented]);
  const key = (m: { itemNo: string; locationCode: string; variantCode: string }) => `${m.itemNo}\u0000${m.locationCode}\u0000${m.variantCode}`;
  for (const r of rows) onHand.set(key(r), new Dec(r.quantity));
  const problems: ErrorDetail[] = [];
  for (const m of movements) {
    if (!prevented.has(m.itemNo)) continue;
    const available = onHand.get(key(m)) ?? ZERO;
    const after = available.plus(m.quantity);
    if (m.quantity.lessThan(0) && after.lessThan(0)) {
      const where = m.locationCode ? `location ${m.locationCode}` : 'the blank location';
      problems.push({
        line: m.lineNo,
        field: m.field,
        message: `Item ${m.itemNo} would go below zero at ${where}${m.variantCode ? `, variant ${m.variantCode}` : ''}: ${available.toFixed()} available, the line takes ${m.quantity.negated().toFixed()} (Prevent Negative Inventory)`,
      });
      continue; // a refused line moves nothing: later lines see the stock it would have taken
    }
    onHand.set(key(m), after);
  }
  if (problems.length) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new PostingRefusedError(`line ${first.line}, field ${first.field}: ${first.message}${more}`, problems);
  }
}

async function movementsOf(sql: SqlSession, operations: readonly PostingOperation[], repository: ItemJournalRepository): Promise<Movement[]> {
  const undone = operations.filter((o) => o.kind === 'undo').map((o) => o.itemLedgerEntryNo);
  const originals = undone.length ? await repository.entryStock(sql, undone) : new Map<number, StockRow>();
  const movements: Movement[] = [];
  for (const op of operations) {
    if (op.kind === 'line') {
      const base = { lineNo: op.lineNo, field: 'quantity', itemNo: op.itemNo, variantCode: op.variantCode };
      if (op.entryType === 'Transfer') {
        movements.push({ locationCode: op.locationCode, quantity: op.quantity.negated(), ...base });
        movements.push({ locationCode: op.newLocationCode ?? '', quantity: op.quantity, ...base });
      } else {
        // Output (production, assembly) is an increase like a purchase; consumption a decrease like a sale.
        const quantity = op.quantity.abs();
        movements.push({ locationCode: op.locationCode, quantity: isInboundLine(op.entryType, op.quantity) ? quantity : quantity.negated(), ...base });
      }
    } else if (op.kind === 'undo') {
      const original = originals.get(op.itemLedgerEntryNo);
      if (original)
        movements.push({
          lineNo: op.lineNo,
          field: 'itemLedgerEntryNo',
          itemNo: original.itemNo,
          locationCode: original.locationCode,
          variantCode: original.variantCode,
          quantity: new Dec(original.quantity).negated(),
        });
    }
  }
  return movements;
}
