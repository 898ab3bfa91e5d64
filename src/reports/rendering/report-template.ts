/**
 * Report templates: Handlebars files under templates/reports that write a pdfmake document
 * definition as JSON. The frame (page, company, title, options, notes) is template text; the
 * tables are built in code and spliced in where the template says `{{section N}}`.
 *
 * Injection safety: every mustache in a report template must be one of the JSON helpers below
 * (`json`, `t`, `section`), each of which writes a complete JSON literal (a quoted, escaped
 * string, a number, a marker object). The template is checked when it is loaded: a plain
 * `{{value}}` or a triple-stash is refused, so that no template can ever print a value
 * unescaped. Values are never parsed as templates, so an item description such as
 * `Bolt "M8" \ {{#each}}` prints literally.
 */
import * as fs from 'fs';
import * as path from 'path';
import Handlebars from 'handlebars';
import type { ReportLocale } from './report-locale';
import { templatesDir } from './templates-dir';

const JSON_HELPERS = ['json', 't', 'section'] as const;
const BLOCK_HELPERS = ['each', 'if', 'unless', 'with'];

/** The marker `{{section N}}` leaves in the parsed document, replaced by the section's table. */
export interface SectionMarker {
  $section: number;
}

export function isSectionMarker(node: unknown): node is SectionMarker {
  return typeof node === 'object' && node !== null && typeof (node as SectionMarker).$section === 'number';
}

type Node = { type: string; [key: string]: unknown };

/** Refuses any mustache that is not a JSON helper call (see the module comment). */
export function checkTemplate(name: string, source: string): void {
  const problems: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    if (n.type === 'MustacheStatement') {
      const helper = (n.path as { original?: unknown }).original;
      const loc = (n.loc as { start: { line: number } } | undefined)?.start.line;
      if (n.escaped === false) problems.push(`line ${loc}: triple-stash {{{…}}} is not allowed`);
      else if (!JSON_HELPERS.includes(helper as (typeof JSON_HELPERS)[number]) || (n.params as unknown[]).length === 0) {
        problems.push(`line ${loc}: {{${String(helper)}}} must be written through a JSON helper (${JSON_HELPERS.join(', ')})`);
      }
    }
    if (n.type === 'BlockStatement') {
      const helper = (n.path as { original?: unknown }).original;
      if (!BLOCK_HELPERS.includes(String(helper))) problems.push(`block helper #${String(helper)} is not allowed`);
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'loc' && key !== 'strip') visit(value);
  };
  visit(Handlebars.parse(source));
  if (problems.length) throw new Error(`template ${name} is unsafe:\n  ${problems.join('\n  ')}`);
}

function createEnvironment(): typeof Handlebars {
  const env = Handlebars.create();
  const locale = (options: Handlebars.HelperOptions): ReportLocale => (options.data as { locale: ReportLocale }).locale;
  env.registerHelper('json', (value: unknown) => new env.SafeString(JSON.stringify(value ?? null)));
  env.registerHelper(
    't',
    (key: string, options: Handlebars.HelperOptions) =>
      new env.SafeString(JSON.stringify(locale(options).text({ key, values: options.hash as Record<string, string> }))),
  );
  env.registerHelper('section', (index: number) => new env.SafeString(JSON.stringify({ $section: index })));
  const partials = path.join(templatesDir(), 'reports', 'partials');
  for (const file of fs.readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    const source = fs.readFileSync(path.join(partials, file), 'utf8');
    checkTemplate(`partials/${file}`, source);
    env.registerPartial(file.replace(/\.hbs$/, ''), source);
  }
  return env;
}

let environment: typeof Handlebars | null = null;
const compiled = new Map<string, Handlebars.TemplateDelegate>();

function template(name: string): Handlebars.TemplateDelegate {
  environment ??= createEnvironment();
  let found = compiled.get(name);
  if (!found) {
    const source = fs.readFileSync(path.join(templatesDir(), 'reports', `${name}.hbs`), 'utf8');
    checkTemplate(`${name}.hbs`, source);
    // noEscape: the JSON helpers escape; strict: a misspelt context field is an error, not "".
    found = environment.compile(source, { noEscape: true, strict: true });
    compiled.set(name, found);
  }
  return found;
}

/** Renders a report template into a document-definition object (markers still in place). */
export function renderTemplate(name: string, context: Record<string, unknown>, locale: ReportLocale): Record<string, unknown> {
  const text = template(name)(context, { data: { locale } });
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (e) {
    throw new Error(`template ${name}.hbs did not produce valid JSON: ${(e as Error).message}`, { cause: e });
  }
}
