import { EntitySchema } from '@mikro-orm/core';
import type { IsoDate } from '../common/dates';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** One Adjust Cost – Item Entries run started through the API: its progress and result. */
export class AdjustmentRun {
  id!: string;
  status: RunStatus = 'running';
  requestedBy = '';
  itemFilter: string[] | null = null;
  upTo: IsoDate | null = null;
  itemsTotal = 0;
  itemsDone = 0;
  itemsAdjusted = 0;
  entriesWritten = 0;
  roundingEntries = 0;
  warnings: string[] = [];
  error: string | null = null;
  startedAt: Date = new Date();
  finishedAt: Date | null = null;
}

export const AdjustmentRunSchema = new EntitySchema<AdjustmentRun>({
  class: AdjustmentRun,
  properties: {
    id: { type: 'uuid', primary: true },
    status: { type: 'string' },
    requestedBy: { type: 'string', default: '' },
    itemFilter: { type: 'json', nullable: true },
    upTo: { type: 'date', columnType: 'date', nullable: true },
    itemsTotal: { type: 'integer', default: 0 },
    itemsDone: { type: 'integer', default: 0 },
    itemsAdjusted: { type: 'integer', default: 0 },
    entriesWritten: { type: 'integer', default: 0 },
    roundingEntries: { type: 'integer', default: 0 },
    warnings: { type: 'json' },
    error: { type: 'text', nullable: true },
    startedAt: { type: 'datetime', columnType: 'timestamptz' },
    finishedAt: { type: 'datetime', columnType: 'timestamptz', nullable: true },
  },
});
