import * as fs from 'fs/promises';
import { isIsoDate } from '../common/dates';
import { isDecimalString } from '../common/decimal';
import { ErrorDetail, ValidationError } from '../common/errors';

export interface PeriodCloseEmailInput {
  runId: string;
  recipients: string[];
  company: string;
  periodStartingDate: string;
  periodEndingDate: string;
  /** `difference` is a plain decimal string (inventory minus G/L); `clean` when there is none. */
  reconciliation: { clean: boolean; difference: string };
  /** The report PDFs to attach, read from disk when the message is sent. */
  attachments: { fileName: string; path: string; contentType: string }[];
  packageFileName: string;
  /** Where the package can be downloaded; by default the download endpoint under COSTCLOSE_PUBLIC_BASE_URL. */
  packageUrl?: string | null;
}

/** One address, no display name: what goes into RCPT TO. */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
/** What a name in Content-Disposition can hold without surprises on any mail client. */
const ATTACHMENT_NAME = /^[^\\/\r\n"]{1,200}$/;

/**
 * Refuses the input before anything is stored, naming every bad field, and returns the
 * recipients normalised (trimmed, lower case, each once) and the attachment sizes.
 */
export async function validatePeriodCloseEmail(input: PeriodCloseEmailInput): Promise<{ recipients: string[]; sizes: number[] }> {
  const problems: ErrorDetail[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  const text = (field: string, value: unknown) => {
    if (typeof value !== 'string' || value.trim() === '') bad(field, 'is required');
  };
  text('runId', input.runId);
  text('company', input.company);
  text('packageFileName', input.packageFileName);
  if (!isIsoDate(input.periodStartingDate)) bad('periodStartingDate', `'${input.periodStartingDate}' is not a date (YYYY-MM-DD)`);
  if (!isIsoDate(input.periodEndingDate)) bad('periodEndingDate', `'${input.periodEndingDate}' is not a date (YYYY-MM-DD)`);
  if (typeof input.reconciliation?.clean !== 'boolean') bad('reconciliation.clean', 'must be true or false');
  if (typeof input.reconciliation?.difference !== 'string' || !isDecimalString(input.reconciliation.difference)) {
    bad('reconciliation.difference', `'${input.reconciliation?.difference}' is not a decimal (plain notation, e.g. "-12.50")`);
  }
  if (input.packageUrl !== undefined && input.packageUrl !== null && !/^https?:\/\/\S+$/.test(input.packageUrl))
    bad('packageUrl', `'${input.packageUrl}' is not an http(s) URL`);

  const recipients: string[] = [];
  if (!Array.isArray(input.recipients) || input.recipients.length === 0) bad('recipients', 'needs at least one address');
  else {
    input.recipients.forEach((r, i) => {
      const address = typeof r === 'string' ? r.trim().toLowerCase() : '';
      if (!ADDRESS.test(address)) bad(`recipients[${i}]`, `'${r}' is not an e-mail address`);
      else if (!recipients.includes(address)) recipients.push(address);
    });
  }

  const sizes: number[] = [];
  if (!Array.isArray(input.attachments)) bad('attachments', 'must be a list of {fileName, path, contentType}');
  else {
    for (const [i, a] of input.attachments.entries()) {
      if (typeof a?.fileName !== 'string' || !ATTACHMENT_NAME.test(a.fileName)) bad(`attachments[${i}].fileName`, `'${a?.fileName}' is not a file name`);
      if (typeof a?.contentType !== 'string' || !/^[\w.+-]+\/[\w.+-]+$/.test(a.contentType))
        bad(`attachments[${i}].contentType`, `'${a?.contentType}' is not a MIME type`);
      const stat = typeof a?.path === 'string' ? await fs.stat(a.path).catch(() => null) : null;
      if (!stat?.isFile()) bad(`attachments[${i}].path`, `'${a?.path}' is not a readable file`);
      sizes.push(stat?.size ?? 0);
    }
  }
  if (problems.length) throw ValidationError.of(problems);
  return { recipients, sizes };
}
