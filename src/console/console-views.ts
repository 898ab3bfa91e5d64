/**
 * The console's views: Handlebars templates under templates/console (views, a layout and
 * partials), compiled once on a Handlebars instance of our own. Every value is written with
 * `{{…}}`, which escapes it; the layout wraps a view as a partial block, so no template needs a
 * triple-stash — a test refuses any `{{{` under templates/console.
 */
import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import { Injectable } from '@nestjs/common';
import { templatesDir } from '../reports/rendering/templates-dir';
import type { ConsoleText } from './console-locale';

type Kind = 'integer' | 'quantity' | 'amount' | 'unitAmount';

interface RenderRoot {
  text: ConsoleText;
}

function rootOf(options: Handlebars.HelperOptions): RenderRoot {
  return (options.data as { root: RenderRoot }).root;
}

function isOptions(value: unknown): value is Handlebars.HelperOptions {
  return !!value && typeof value === 'object' && 'hash' in value && 'data' in value;
}

function hb(): typeof Handlebars {
  const h = Handlebars.create();
  /** {{t "key" name=value}}: a label in the page's language. */
  h.registerHelper('t', function (key: unknown, options: Handlebars.HelperOptions) {
    return rootOf(options).text.t(String(key), options.hash as Record<string, unknown>);
  });
  /** {{num value "amount"}}: a decimal string as the reports print it. */
  h.registerHelper('num', function (value: unknown, kind: unknown, options: Handlebars.HelperOptions) {
    const opts = isOptions(kind) ? kind : options;
    const k = (isOptions(kind) ? 'amount' : String(kind)) as Kind;
    if (value === null || value === undefined || value === '') return '';
    return rootOf(opts).text.format.number(k, value as string);
  });
  h.registerHelper('date', function (value: unknown, options: Handlebars.HelperOptions) {
    if (!value) return '';
    return rootOf(options).text.format.date(String(value).slice(0, 10));
  });
  h.registerHelper('dateTime', function (value: unknown, options: Handlebars.HelperOptions) {
    if (!value) return '';
    return rootOf(options).text.format.dateTime(value instanceof Date ? value : new Date(String(value)));
  });
  /** {{cell value}}: a ledger cell as the reports print it: dates, decimals (exactly, in the locale), yes/no. */
  h.registerHelper('cell', function (value: unknown, key: unknown, options: Handlebars.HelperOptions) {
    const text = rootOf(options).text;
    const v = String(value ?? '');
    // Numbers and codes print as they are: entry 12345 is not "12,345".
    if (typeof key === 'string' && /(No|Code|Id)$/.test(key)) return v;
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return text.format.date(v);
    if (v === 'true' || v === 'false') return text.t(v === 'true' ? 'value.yes' : 'value.no');
    // Amounts with the amount decimals (PostgreSQL gives 63 for 63.00), other decimals as they are.
    if (/^-?\d+(\.\d+)?$/.test(v) && typeof key === 'string' && /amount|cost/i.test(key)) return text.format.number('amount', v);
    if (/^-?\d+\.\d+$/.test(v)) return text.format.number('quantity', v);
    if (/^-?\d+$/.test(v) && v.length < 16) return text.format.number('integer', v);
    return v;
  });
  /** {{fieldLabel "entryNo"}}: a ledger column's label (the API's field name where there is none). */
  h.registerHelper('fieldLabel', function (name: unknown, options: Handlebars.HelperOptions) {
    const text = rootOf(options).text;
    const key = `field.${String(name)}`;
    return text.has(key) ? text.t(key) : String(name);
  });
  h.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  h.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  h.registerHelper('ne', (a: unknown, b: unknown) => a !== b);
  h.registerHelper('and', (a: unknown, b: unknown) => !!a && !!b);
  h.registerHelper('or', (a: unknown, b: unknown) => !!a || !!b);
  h.registerHelper('not', (a: unknown) => !a);
  h.registerHelper('includes', (list: unknown, v: unknown) => Array.isArray(list) && list.includes(v));
  /** {{json value}}: JSON text, for a data- attribute (escaped like any value). */
  h.registerHelper('json', (value: unknown) => JSON.stringify(value));
  /** {{negative value}}: true for a decimal string below zero (to colour it). */
  h.registerHelper('negative', (value: unknown) => typeof value === 'string' && value.trim().startsWith('-'));
  h.registerHelper('nonzero', (value: unknown) => typeof value === 'string' && /[1-9]/.test(value));
  return h;
}

@Injectable()
export class ConsoleViews {
  private readonly handlebars = hb();
  private readonly views = new Map<string, Handlebars.TemplateDelegate>();

  constructor() {
    const dir = path.join(templatesDir(), 'console');
    for (const kind of ['layouts', 'partials']) {
      for (const file of fs.readdirSync(path.join(dir, kind))) {
        if (file.endsWith('.hbs')) this.handlebars.registerPartial(file.replace(/\.hbs$/, ''), fs.readFileSync(path.join(dir, kind, file), 'utf8'));
      }
    }
    for (const file of fs.readdirSync(path.join(dir, 'views'))) {
      if (file.endsWith('.hbs'))
        this.views.set(file.replace(/\.hbs$/, ''), this.handlebars.compile(fs.readFileSync(path.join(dir, 'views', file), 'utf8'), { strict: false }));
    }
  }

  render(view: string, data: Record<string, unknown>): string {
    const template = this.views.get(view);
    if (!template) throw new Error(`no console view ${view}`);
    return template(data, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  }
}
