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

/**
 * V8 makes a string of 13 characters or more cut from a longer one a slice that keeps the longer
 * one alive: the text of the whole network chunk a row came in, were it kept as it is.
 */
const SLICE_MIN_LENGTH = 13;

/** `maxLength`: longer texts are returned as they are (a caller that knows a long text repeats, a posting key, may raise it). */
export function sharedText(text: string, maxLength: number = MAX_LENGTH): string {
  if (text.length > maxLength) return text;
  const found = shared.get(text);
  return found !== undefined ? found : keep(text);
}

/** A text met for the first time (kept out of `sharedText`, which runs for every field of every row read, so that it stays small). */
function keep(text: string): string {
  if (shared.size >= MAX_SIZE) return text;
  const own = text.length >= SLICE_MIN_LENGTH ? Buffer.from(text, 'utf8').toString('utf8') : text;
  shared.set(own, own);
  return own;
}
