/**
 * JSON.parse without losing digits (issue 15, item 2), for scenario files, whose format accepts
 * JSON numbers for decimals "read as exact decimals". JSON.parse turns 12345678901234567.89 into
 * the float 12345678901234568 before anyone can look at it, so number literals are looked at
 * first: a literal that a float holds exactly (the float prints as the same decimal) stays a
 * number; any other literal arrives as a string of its own source text — a decimal field reads
 * it exactly, and a field that wants a number refuses it. Exponent forms (1e-43) arrive as text
 * too, and a decimal field refuses them: decimals are plain notation.
 */
import { Dec, isDecimalString } from './decimal';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseExactJson(text: string): unknown {
  let out = '';
  let copiedTo = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // Skip the string, escapes included.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) continue;
    NUMBER.lastIndex = i;
    const match = NUMBER.exec(text);
    if (!match) continue; // not a number: JSON.parse will say what is wrong
    const literal = match[0];
    if (!heldExactly(literal)) {
      out += `${text.slice(copiedTo, i)}"${literal}"`;
      copiedTo = i + literal.length;
    }
    i += literal.length - 1;
  }
  return JSON.parse(copiedTo === 0 ? text : out + text.slice(copiedTo));
}

function heldExactly(literal: string): boolean {
  if (!isDecimalString(literal)) return false;
  const float = Number(literal);
  return Number.isFinite(float) && isDecimalString(String(float)) && new Dec(String(float)).eq(new Dec(literal));
}
