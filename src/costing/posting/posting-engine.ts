/**
 * Posting to the item ledgers (costing-rules §1–§4, §7): one operation after another, against an
 * in-memory LedgerState. Each operation creates item ledger entries, value entries and item
 * application entries, moves remaining quantities, flags the entries cost adjustment must revisit
 * (R40) and values the new entries at their cost at posting time (R18, R19, R24, R57, R61, R62).
 *
 * Where to look: kernel.ts (entries, value entries, flags), application.ts (what applies to what),
 * operations/ (journal line, invoice, item charge, undo), ../methods (what each costing method
 * decides). Pure: no I/O. A refusal throws before the caller writes anything, so a batch is all or
 * nothing.
 */
import { PostingRefusedError } from '../../common/errors';
import { postingDateRefusal } from '../posting-window';
import { PostingContext, PostingKernel } from './kernel';
import { LedgerSnapshot, LedgerState } from './ledger-state';
import type { OperationResult, PostingOperation } from './operations';
import { postInvoice } from './operations/invoice';
import { postItemCharge } from './operations/item-charge';
import { postJournalLine } from './operations/journal-line';
import { postUndo } from './operations/undo';
import { AssemblyOrderOp, postAssembly } from './operations/assembly';
import { CapacityOp, postCapacity } from './operations/capacity';

export type { PostingContext } from './kernel';
export { isInboundLine } from './operations/journal-line';
export type { AssemblyOrderOp } from './operations/assembly';
export type { CapacityOp } from './operations/capacity';

export interface PostingOutcome {
  state: LedgerState;
  results: OperationResult[];
}

export function postOperations(snapshot: LedgerSnapshot, operations: PostingOperation[], ctx: PostingContext): PostingOutcome {
  const kernel = new PostingKernel(new LedgerState(snapshot), ctx);
  const results = operations.map((op) => post(kernel, op));
  return { state: kernel.state, results };
}

/** An assembly order, posted in one step (R95): its own batch, all or nothing. */
export function postAssemblyOrder(snapshot: LedgerSnapshot, op: AssemblyOrderOp, ctx: PostingContext, nextCapacityEntryNo: number) {
  const { state, result } = postSingle(snapshot, op, ctx, (k) => postAssembly(k, op, nextCapacityEntryNo));
  return { state, posted: result };
}

/** A production order's capacity line (R93, R102): its own batch. */
export function postCapacityLine(snapshot: LedgerSnapshot, op: CapacityOp, ctx: PostingContext, entryNo: number) {
  const { state, result } = postSingle(snapshot, op, ctx, (k) => postCapacity(k, op, entryNo));
  return { state, capacity: result };
}

/** One operation as a batch of its own, under the same posting-date check as every line (R110, R114). */
function postSingle<T>(snapshot: LedgerSnapshot, op: { lineNo: number; postingDate: string }, ctx: PostingContext, post: (k: PostingKernel) => T) {
  const kernel = new PostingKernel(new LedgerState(snapshot), ctx);
  kernel.begin(op.lineNo);
  const refusal = postingDateRefusal(ctx.window, op.postingDate);
  if (refusal) throw PostingRefusedError.at(op.lineNo, 'postingDate', refusal);
  return { state: kernel.state, result: post(kernel) };
}

function post(k: PostingKernel, op: PostingOperation): OperationResult {
  k.begin(op.lineNo);
  // R110, R114: the user's (or G/L Setup's) range and the closed inventory periods.
  const refusal = postingDateRefusal(k.ctx.window, op.postingDate);
  if (refusal) throw PostingRefusedError.at(op.lineNo, 'postingDate', refusal);
  switch (op.kind) {
    case 'line':
      postJournalLine(k, op);
      break;
    case 'invoice':
      postInvoice(k, op);
      break;
    case 'itemCharge':
      postItemCharge(k, op);
      break;
    case 'undo':
      postUndo(k, op);
      break;
  }
  return k.current;
}
