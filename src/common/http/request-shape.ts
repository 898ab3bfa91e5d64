/**
 * What no request may carry, checked before any DTO sees it (issue 15, item 5): keys that name
 * an object's prototype (`__proto__`, `constructor`, `prototype` — refused, not silently dropped
 * by class-transformer) and nesting deeper than any request of ours has, which would otherwise
 * recurse through the validators until the stack gives out.
 */
import { ErrorDetail } from '../errors';

export const MAX_REQUEST_DEPTH = 16;
/** Query and path parameters are keys and filters: no column of ours holds more. */
export const MAX_PARAMETER_LENGTH = 255;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Problems with paths like ['lines', '3', '__proto__']; an empty list when the shape is fine. */
export function requestShapeProblems(value: unknown, from: 'body' | 'query' | 'param' = 'body'): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (stack.length > 0 && problems.length < 100) {
    const { value: v, path } = stack.pop() as { value: unknown; path: string[] };
    // PostgreSQL stores no NUL in text: refused here for every string of every request.
    if (typeof v === 'string' && v.includes('\u0000')) problems.push({ path, message: 'must not contain NUL characters' });
    if (from === 'query' && path.length === 1 && Array.isArray(v)) {
      problems.push({ path, message: 'is given more than once; give each query parameter once' });
      continue;
    }
    if (from !== 'body' && typeof v === 'string' && v.length > MAX_PARAMETER_LENGTH)
      problems.push({ path, message: `is ${v.length} characters long; at most ${MAX_PARAMETER_LENGTH} are allowed` });
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= MAX_REQUEST_DEPTH) {
      problems.push({ path, message: `is nested too deeply: requests nest at most ${MAX_REQUEST_DEPTH} levels` });
      continue;
    }
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) problems.push({ path: [...path, key], message: 'is not a property this API takes' });
      else stack.push({ value: (v as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return problems.reverse();
}

/** `lines.699.postingDate` → line 700, field postingDate. */
export function locate(path: string[], message: string): ErrorDetail {
  const index = path.findIndex((p, i) => i > 0 && /^\d+$/.test(p) && path[i - 1] === 'lines');
  if (index > 0) return { line: Number(path[index]) + 1, field: path.slice(index + 1).join('.') || 'line', message };
  return { field: path.join('.') || undefined, message };
}
