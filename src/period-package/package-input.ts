import { isIsoDate } from '../common/dates';
import { ErrorDetail, ValidationError } from '../common/errors';
import type { BuildPackageInput } from './period-package.service';

/** A file name inside the package: one plain segment, so that every unzip tool extracts it as is. */
const ENTRY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Refuses the input before anything is read or written, naming every bad field. */
export function validateBuildInput(input: BuildPackageInput, reservedNames: readonly string[]): void {
  const problems: ErrorDetail[] = [];
  const bad = (field: string, message: string) => problems.push({ field, message });
  if (!isIsoDate(input.periodStartingDate)) bad('periodStartingDate', `'${input.periodStartingDate}' is not a date (YYYY-MM-DD)`);
  if (!isIsoDate(input.periodEndingDate)) bad('periodEndingDate', `'${input.periodEndingDate}' is not a date (YYYY-MM-DD)`);
  else if (isIsoDate(input.periodStartingDate) && input.periodStartingDate > input.periodEndingDate)
    bad('periodStartingDate', `${input.periodStartingDate} is after the ending date ${input.periodEndingDate}`);
  if (typeof input.runId !== 'string' || input.runId.trim() === '') bad('runId', 'is required');
  if (!(input.createdAt instanceof Date) || Number.isNaN(input.createdAt.getTime())) bad('createdAt', 'is not a valid time');
  if (!Array.isArray(input.files)) bad('files', 'must be a list of {name, content}');
  else {
    const seen = new Set<string>();
    input.files.forEach((f, i) => {
      if (typeof f?.name !== 'string' || !ENTRY_NAME.test(f.name))
        bad(`files[${i}].name`, `'${f?.name}' is not a plain file name (letters, digits, '.', '_', '-'; no folders)`);
      else if (reservedNames.includes(f.name)) bad(`files[${i}].name`, `'${f.name}' is a name the package writes itself`);
      else if (seen.has(f.name)) bad(`files[${i}].name`, `'${f.name}' is given twice`);
      else seen.add(f.name);
      if (!Buffer.isBuffer(f?.content)) bad(`files[${i}].content`, 'must be a Buffer');
    });
  }
  if (problems.length) throw ValidationError.of(problems);
}
