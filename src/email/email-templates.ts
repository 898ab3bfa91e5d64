import { Injectable } from '@nestjs/common';
import * as fs from 'fs';
import Handlebars from 'handlebars';
import * as path from 'path';
import { projectRoot } from '../common/project-root';

export interface PeriodCloseMailData {
  company: string;
  period: { startingDate: string; endingDate: string };
  runId: string;
  reconciliation: { clean: boolean; difference: string };
  /** The attached reports; empty when they are not attached (then the link is the way to them). */
  attachments: { fileName: string; size: string }[];
  /** True when reports were left out because together they exceed the size limit. */
  tooLarge: boolean;
  totalSize: string;
  limit: string;
  packageFileName: string;
  packageUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * The e-mail templates (templates/email/*.hbs), compiled once in a Handlebars environment of our
 * own, so no helper or partial registered elsewhere can change them. Only the HTML body is
 * HTML-escaped (Handlebars' default); the subject and the text body are not HTML and would show
 * `&amp;` literally. Strict mode: a field the template names but the data lacks is an error,
 * not an empty string in a mail to finance.
 */
@Injectable()
export class EmailTemplates {
  private readonly periodClose: { subject: HandlebarsTemplateDelegate; text: HandlebarsTemplateDelegate; html: HandlebarsTemplateDelegate };

  constructor() {
    const hbs = Handlebars.create();
    const dir = path.join(projectRoot(), 'templates', 'email');
    const load = (name: string, escape: boolean) => hbs.compile(fs.readFileSync(path.join(dir, name), 'utf8'), { strict: true, noEscape: !escape });
    this.periodClose = {
      subject: load('period-close.subject.hbs', false),
      text: load('period-close.text.hbs', false),
      html: load('period-close.html.hbs', true),
    };
  }

  renderPeriodClose(data: PeriodCloseMailData): RenderedMail {
    return {
      // One line: a line break in a company name must not reach the Subject header.
      subject: this.periodClose.subject(data).replace(/\s+/g, ' ').trim(),
      text: this.periodClose.text(data),
      html: this.periodClose.html(data),
    };
  }
}

/** Sizes for people: 512 bytes, 12.3 KB, 10.0 MB (powers of 1024). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
