/**
 * What every report is made of. A report definition parses and validates its options, loads its
 * data set-based in SQL, and describes its table; the renderers (PDF, CSV) and the scenario op
 * only ever see the resulting `ReportData`, so the three outputs cannot disagree.
 */
import type { IsoDate } from '../common/dates';
import type { SqlSession } from '../database/sql-session';

/** A label from templates/locales/<locale>.json with `{name}` placeholders filled in. */
export interface TextRef {
  key: string;
  values?: Record<string, TextValue>;
}
export type TextValue = string | { date: IsoDate | null };

/** A cell: a decimal string or text, an integer, a label to translate, or nothing. */
export type CellValue = string | number | null | { label: TextRef };

/** How a column's values print: numbers right-aligned in the locale's format, text as is. */
export type ColumnKind = 'text' | 'date' | 'integer' | 'quantity' | 'amount' | 'unitAmount';

export interface ReportColumn {
  key: string;
  /** Label key in templates/locales/<locale>.json. */
  label: string;
  kind: ColumnKind;
  /** pdfmake column width ('auto', '*', or points); numbers default to 'auto'. */
  width?: string | number;
  /** Header of a column group printed above this and the following `span - 1` columns. */
  group?: { label: TextRef; span: number };
}

/**
 * One printed line. `detail` lines are the report's rows (what the scenario op returns); the
 * others structure the print: a heading before a group, a group total, the grand total.
 */
export interface ReportLine {
  kind: 'heading' | 'detail' | 'groupTotal' | 'grandTotal';
  /** Text for heading lines and total lines ("Total RESALE"); resolved through the locale. */
  label?: TextRef;
  values: Record<string, CellValue>;
}

export interface PrintedOption {
  label: string;
  value: { text: string } | { date: IsoDate | null } | { yesNo: boolean } | { label: string };
}

/** One table of a report; most reports have one, the reconciliation two (accounts, causes). */
export interface ReportSection {
  title?: TextRef;
  columns: ReportColumn[];
  lines: ReportLine[];
  /** Printed when the section has no detail lines. */
  empty?: TextRef;
}

export interface ReportData {
  sections: ReportSection[];
  /** The report's rows as the scenario op and the API return them (decimal strings). */
  rows: Record<string, unknown>[];
  /** The period the report covers, printed under the title. */
  period: { from: IsoDate | null; to: IsoDate | null };
  /** Notes printed under the table (e.g. what the report leaves out); label keys. */
  notes?: TextRef[];
}

export interface ReportSetup {
  companyName: string;
  amountPrecision: string;
  unitAmountPrecision: string;
  workDate: IsoDate;
  /** Whose posting window applies where a report reads the costing setup (the reconciliation). */
  userId: string;
}

/**
 * One option as a form shows it (the console's options form, issue 14): its name (as in the
 * API's query string), its label key (templates/locales), and what it takes. The definition's
 * parseOptions stays the judge of a value: the form sends what it has, the API's messages come back.
 */
export interface ReportOptionField {
  name: string;
  label: string;
  kind: 'date' | 'boolean' | 'choice' | 'code' | 'codeList';
  choices?: readonly string[];
  required?: boolean;
}

export interface ReportDefinition<O = unknown> {
  /** Name in the API, the CLI and the scenario op: `inventoryValuation`. */
  name: string;
  /** File name stem and template name: `inventory-valuation`. */
  fileStem: string;
  /** Label key of the title. */
  title: string;
  orientation: 'portrait' | 'landscape';
  /** Reads raw options (query string, CLI flags, scenario JSON); throws ValidationError naming the option. */
  parseOptions(raw: Record<string, unknown>, setup: ReportSetup): O;
  /** The options parseOptions takes, for a form (aliases such as asOfDate left out). */
  optionFields: readonly ReportOptionField[];
  printedOptions(options: O): PrintedOption[];
  load(sql: SqlSession, options: O, setup: ReportSetup): Promise<ReportData>;
}
