/**
 * The posting engine names fields as the scenario format does (`appliesTo`, `appliesFrom`,
 * `newLocation`, `ref`). An API client sent `appliesToEntry`, `appliesFromEntry`,
 * `newLocationCode` and `itemLedgerEntryNo`: a refusal must name the field of the request it
 * refuses (issue 15, item 5), so the HTTP edge translates them.
 */
import { CostcloseError, ErrorDetail } from '../common/errors';
import type { PostingInput } from './journal-input';

const LINE_FIELDS: Record<string, string> = { appliesTo: 'appliesToEntry', appliesFrom: 'appliesFromEntry', newLocation: 'newLocationCode' };
const ENTRY_FIELDS: Record<string, string> = { ref: 'itemLedgerEntryNo', appliesTo: 'itemLedgerEntryNo' };
const CHARGE_FIELDS: Record<string, string> = { appliesTo: 'assignments', ref: 'assignments' };

export async function inRequestFieldNames<T>(inputs: readonly PostingInput[], post: () => Promise<T>): Promise<T> {
  try {
    return await post();
  } catch (error) {
    if (error instanceof CostcloseError && error.details.length > 0) renameFields(error, inputs);
    throw error;
  }
}

function renameFields(error: CostcloseError, inputs: readonly PostingInput[]): void {
  let message = error.message;
  const renamed: ErrorDetail[] = error.details.map((d) => {
    const input = d.line !== undefined ? inputs[d.line - 1] : undefined;
    const kind = input && typeof input === 'object' ? (input.kind ?? 'line') : 'line';
    const names = kind === 'line' ? LINE_FIELDS : kind === 'itemCharge' ? CHARGE_FIELDS : ENTRY_FIELDS;
    const field = d.field !== undefined ? names[d.field] : undefined;
    if (!field) return d;
    message = message.replace(`field ${d.field}:`, `field ${field}:`);
    // A key the detail has (d.field is set): the copy keeps its hidden class (NEW_KEYS_FIRST).
    // eslint-disable-next-line no-restricted-syntax
    return { ...d, field };
  });
  // The error is about to leave through the problem+json filter: correct it in place.
  Object.defineProperty(error, 'message', { value: message });
  (error as { details: ErrorDetail[] }).details = renamed;
}
