/** Inventory period entries (R9, R116), written by closing and reopening periods. */
import { EntitySchema } from '@mikro-orm/core';
import type { IsoDate } from '../../common/dates';
import { entryNo, date, code } from '../../ledgers/entities/columns';

/** R9, R116: closing or reopening an inventory period writes one of these. */
export class InventoryPeriodEntry {
  entryNo!: number;
  endingDate!: IsoDate;
  entryType!: 'Close' | 'ReOpen';
  closingItemRegisterNo: number | null = null;
  userId = '';
  createdAt!: Date;
}

export const InventoryPeriodEntrySchema = new EntitySchema<InventoryPeriodEntry>({
  class: InventoryPeriodEntry,
  properties: {
    entryNo,
    endingDate: date,
    entryType: { type: 'string' },
    closingItemRegisterNo: { type: 'integer', nullable: true },
    userId: code,
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

export const PERIOD_CLOSE_ENTITIES = [InventoryPeriodEntrySchema];
