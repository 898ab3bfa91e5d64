/**
 * pdfmake's style lookups, the same answers without two closures per lookup.
 *
 * pdfmake resolves about twenty text properties of every word it measures (font, size, bold,
 * colour, decoration, link…) through its StyleContextStack: `getStyleProperty` pushes the word
 * onto the stack inside a closure, and `getProperty` builds another closure (and a Set for each
 * named style) to walk it. The Inventory Valuation of W1's 5,000 items makes about 1.7 million
 * lookups, mostly of properties no style sets, so the whole stack is walked each time and the
 * closures are a good part of what the garbage collector then sweeps. These two replacements walk
 * the same entries in the same order without allocating: the word's own property, then its named
 * styles last first, then the stack from the top, then the default style; a named style's
 * `extends`, last parent first, with a guard against cycles only where a style extends another.
 * The PDF is the same bytes (a test prints documents both ways, and compares the two with
 * pdfmake's own over generated stacks of styles).
 *
 * pdfmake has no hook for this; its version (0.3.11) is fixed by the lockfile, and the tests fail
 * if these methods' contract changes.
 */

type Style = Record<string, unknown> & { extends?: string | string[] };
type StyleOverride = string | Record<string, unknown>;

/** pdfmake's StyleContextStack, as far as this module uses it. */
export interface StyleStack {
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: StyleOverride[];
  getProperty(property: string): unknown;
}

type GetStyleProperty = (item: Record<string, unknown>, stack: StyleStack | null | undefined, property: string, defaultValue: unknown) => unknown;

interface StyleStackClass {
  prototype: StyleStack;
  getStyleProperty: GetStyleProperty;
}

// pdfmake ships no types for it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const StyleContextStack = require('pdfmake/js/StyleContextStack').default as StyleStackClass;

const isValue = (v: unknown): boolean => v !== undefined && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String;

/** A property of a named style or of the styles it extends (last parent first); `visited` guards cycles. */
function fromNamedStyle(styles: StyleStack['styleDictionary'], name: string, property: string, visited: Set<string> | null): unknown {
  if (visited !== null && visited.has(name)) return undefined;
  const style = styles[name];
  if (!style) return undefined;
  const own = style[property];
  if (isValue(own)) return own;
  if (!style.extends) return undefined;
  const seen = visited ?? new Set<string>();
  seen.add(name);
  const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
  for (let i = parents.length - 1; i >= 0; i--) {
    const value = fromNamedStyle(styles, parents[i], property, seen);
    if (isValue(value)) return value;
  }
  return undefined;
}

function fromOverride(styles: StyleStack['styleDictionary'], override: StyleOverride, property: string): unknown {
  return isString(override) ? fromNamedStyle(styles, String(override), property, null) : override[property];
}

function getProperty(this: StyleStack, property: string): unknown {
  const overrides = this.styleOverrides;
  if (overrides) {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const value = fromOverride(this.styleDictionary, overrides[i], property);
      if (isValue(value)) return value;
    }
  }
  return this.defaultStyle && this.defaultStyle[property];
}

const getStyleProperty: GetStyleProperty = (item, stack, property, defaultValue) => {
  const own = item[property];
  if (isValue(own)) return own;
  if (!stack) return defaultValue;
  let value: unknown;
  // What pdfmake pushes for the item before it walks the stack: nothing for a text or a section,
  // else its named styles and then the item itself (whose own property is not set, see above).
  if (!isString(item) && typeof item.section === 'undefined' && item.style) {
    const names = (Array.isArray(item.style) ? item.style : [item.style]) as StyleOverride[];
    for (let i = names.length - 1; i >= 0 && !isValue(value); i--) value = fromOverride(stack.styleDictionary, names[i], property);
  }
  if (!isValue(value)) value = getProperty.call(stack, property);
  return isValue(value) ? value : defaultValue;
};

const pdfmakeOwn = { getProperty: StyleContextStack.prototype.getProperty, getStyleProperty: StyleContextStack.getStyleProperty };

/** Style lookups without allocation (on, as every report prints) or pdfmake's own (off: the tests that compare). */
export function setFastStyleLookup(on: boolean): void {
  StyleContextStack.prototype.getProperty = on ? getProperty : pdfmakeOwn.getProperty;
  StyleContextStack.getStyleProperty = on ? getStyleProperty : pdfmakeOwn.getStyleProperty;
}
