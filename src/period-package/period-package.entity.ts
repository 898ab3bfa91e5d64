import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { IsoDate } from '../common/dates';

/**
 * One revision of an inventory period's package: the file and its checksums (issue 15, item 11).
 * A package once built never changes: a rebuild after the period was reopened and closed again is
 * a new row (revision 2, 3, …) and a new file, and the database refuses UPDATE, DELETE and
 * TRUNCATE of these rows. The revision a row is superseded by is the period's next revision.
 * The previous link is kept here too, so the chain can be followed without opening the zips.
 */
export class PeriodPackage {
  endingDate!: IsoDate;
  /** 1 for the first package of the period (today's file name), 2, 3, … after each reopen and close. */
  revision = 1;
  startingDate!: IsoDate;
  fileName!: string;
  zipSha256!: string;
  manifestSha256!: string;
  size!: number;
  runId!: string;
  createdAt!: Date;
  previousEndingDate: IsoDate | null = null;
  previousRevision: number | null = null;
  previousManifestSha256: string | null = null;
  /** The inventory period entry of the close the package documents (null: a period created closed). */
  closeEntryNo: number | null = null;
  /** What manifest.json says it supersedes (revision, file, checksums, the reopens); null for revision 1. */
  supersedes: Record<string, unknown> | null = null;
}

export const PeriodPackageSchema = new EntitySchema<PeriodPackage>({
  class: PeriodPackage,
  properties: {
    endingDate: { type: 'date', columnType: 'date', primary: true },
    revision: { type: 'integer', primary: true },
    startingDate: { type: 'date', columnType: 'date' },
    fileName: { type: 'text', unique: 'period_package_file_name_unique' },
    zipSha256: { type: 'string', length: 64, fieldName: 'zip_sha256' },
    manifestSha256: { type: 'string', length: 64, fieldName: 'manifest_sha256' },
    size: { type: new BigIntType('number') },
    runId: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    previousEndingDate: { type: 'date', columnType: 'date', nullable: true },
    previousRevision: { type: 'integer', nullable: true },
    previousManifestSha256: { type: 'string', length: 64, nullable: true, fieldName: 'previous_manifest_sha256' },
    closeEntryNo: { type: 'integer', nullable: true },
    supersedes: { type: 'json', columnType: 'jsonb', nullable: true },
  },
});
