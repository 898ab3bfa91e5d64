/**
 * One string per distinct short text read from the ledgers: dates, codes and entry types repeat in
 * every row. The text a row was parsed into is then garbage at once instead of living as long as
 * the row: a year's adjustment keeps about 100,000 rows per batch, and copying their strings
 * through the young generation was most of its garbage collection (issue 12). Bounded, like
 * `decFromText`'s table.
 */
const shared = new Map<string, string>();
const MAX_LENGTH = 20;
const MAX_SIZE = 100_000;

export function sharedText(text: string): string {
  if (text.length > MAX_LENGTH) return text;
  const found = shared.get(text);
  if (found !== undefined) return found;
  if (shared.size < MAX_SIZE) shared.set(text, text);
  return text;
}
