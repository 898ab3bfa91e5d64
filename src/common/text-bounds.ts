/**
 * Text fields end up in varchar(255) columns, and PostgreSQL refuses NUL characters in text. Both
 * are checked at the edge, so that a long or binary value is a 4xx naming its field instead of a
 * database error (issue 15, item 5).
 */
export const MAX_TEXT_LENGTH = 255;

export function textProblem(value: string, maxLength = MAX_TEXT_LENGTH): string | null {
  if (value.length > maxLength) return `is ${value.length} characters long; at most ${maxLength} are allowed`;
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  return null;
}

/** A value quoted in a message: short, so that a refusal never echoes a large input back. */
export function quoted(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return `'${text.length > 40 ? `${text.slice(0, 40)}…` : text}'`;
}
