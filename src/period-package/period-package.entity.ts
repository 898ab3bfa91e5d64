import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { IsoDate } from '../common/dates';

/**
 * The stored package of each inventory period: the file and its checksums. The latest package of
 * an earlier period is the next package's chain link; rebuilding a period's package replaces its
 * row. The previous link is kept here too, so a rebuild can tell which later package it breaks.
 */
export class PeriodPackage {
  endingDate!: IsoDate;
  startingDate!: IsoDate;
  fileName!: string;
  zipSha256!: string;
  manifestSha256!: string;
  size!: number;
  runId!: string;
  createdAt!: Date;
  previousEndingDate: IsoDate | null = null;
  previousManifestSha256: string | null = null;
}

export const PeriodPackageSchema = new EntitySchema<PeriodPackage>({
  class: PeriodPackage,
  properties: {
    endingDate: { type: 'date', columnType: 'date', primary: true },
    startingDate: { type: 'date', columnType: 'date' },
    fileName: { type: 'text' },
    zipSha256: { type: 'string', length: 64, fieldName: 'zip_sha256' },
    manifestSha256: { type: 'string', length: 64, fieldName: 'manifest_sha256' },
    size: { type: new BigIntType('number') },
    runId: { type: 'text' },
    createdAt: { type: 'datetime', columnType: 'timestamptz' },
    previousEndingDate: { type: 'date', columnType: 'date', nullable: true },
    previousManifestSha256: { type: 'string', length: 64, nullable: true, fieldName: 'previous_manifest_sha256' },
  },
});
