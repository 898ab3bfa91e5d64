/**
 * The general ledger as inventory posting writes it (R8, R99–R107): G/L entries and registers,
 * the G/L – Item Ledger Relation, and Cost Posted to G/L kept beside each value entry. G/L
 * entries, registers and relations are append-only (triggers); value_entry_gl_posting is the
 * bookkeeping that posting moves.
 */
import { EntitySchema } from '@mikro-orm/core';
import type { Dec } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { amount, entryNo, date, code } from './columns';

export class GLEntry {
  entryNo!: number;
  postingDate!: IsoDate;
  accountNo!: string;
  amount!: Dec;
  documentNo = '';
  description = '';
  registerNo!: number;
  sourceCode = '';
  userId = '';
}

export const GLEntrySchema = new EntitySchema<GLEntry>({
  class: GLEntry,
  tableName: 'gl_entry',
  properties: {
    entryNo,
    postingDate: date,
    accountNo: { type: 'string' },
    amount,
    documentNo: code,
    description: code,
    registerNo: { type: 'integer' },
    sourceCode: code,
    userId: code,
  },
  indexes: [{ name: 'gl_entry_account_date_idx', properties: ['accountNo', 'postingDate'] }],
});

export class GLRegister {
  no!: number;
  fromEntryNo = 0;
  toEntryNo = 0;
  sourceCode = '';
  userId = '';
  createdAt!: Date;
}

export const GLRegisterSchema = new EntitySchema<GLRegister>({
  class: GLRegister,
  tableName: 'gl_register',
  properties: {
    no: entryNo,
    fromEntryNo: { type: 'integer', default: 0 },
    toEntryNo: { type: 'integer', default: 0 },
    sourceCode: code,
    userId: code,
    createdAt: { type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' },
  },
});

/**
 * R8: one row per G/L entry created from a value entry. `amount` is the value entry's share of
 * the G/L entry (all of it when posted per entry; its part of the group when posted per posting
 * group), so that every G/L amount can be traced to the value entries behind it.
 */
export class GLItemLedgerRelation {
  glEntryNo!: number;
  valueEntryNo!: number;
  glRegisterNo!: number;
  amount!: Dec;
}

export const GLItemLedgerRelationSchema = new EntitySchema<GLItemLedgerRelation>({
  class: GLItemLedgerRelation,
  tableName: 'gl_item_ledger_relation',
  properties: {
    glEntryNo: { type: 'integer', primary: true, fieldName: 'gl_entry_no' },
    valueEntryNo: { type: 'integer', primary: true },
    glRegisterNo: { type: 'integer', fieldName: 'gl_register_no' },
    amount,
  },
  // BRIN: relations are written in value-entry order (migration 20261214090000 says why).
  indexes: [
    {
      name: 'gl_item_ledger_relation_value_entry_idx',
      expression: 'create index "gl_item_ledger_relation_value_entry_idx" on "gl_item_ledger_relation" using brin ("value_entry_no")',
    },
  ],
});

/**
 * Cost Posted to G/L and Expected Cost Posted to G/L of a value entry (R99): bookkeeping kept
 * beside the value entry, one row per entry once it has been posted, written with COPY by Post
 * Inventory Cost to G/L. A value entry never changes after it is written (its row would otherwise
 * be rewritten, with all its indexes, for every posting: 1.5 million updates a year); an entry
 * without a row has posted nothing. The view `value_entry_with_gl` shows both together.
 */
export class ValueEntryGLPosting {
  valueEntryNo!: number;
  glRegisterNo!: number;
  costPostedToGL!: Dec;
  expectedCostPostedToGL!: Dec;
}

export const ValueEntryGLPostingSchema = new EntitySchema<ValueEntryGLPosting>({
  class: ValueEntryGLPosting,
  tableName: 'value_entry_gl_posting',
  properties: {
    valueEntryNo: { type: 'integer', primary: true, autoincrement: false },
    glRegisterNo: { type: 'integer', fieldName: 'gl_register_no' },
    costPostedToGL: { ...amount, fieldName: 'cost_posted_to_gl' },
    expectedCostPostedToGL: { ...amount, fieldName: 'expected_cost_posted_to_gl' },
  },
});

export const GENERAL_LEDGER_ENTITIES = [GLEntrySchema, GLRegisterSchema, GLItemLedgerRelationSchema, ValueEntryGLPostingSchema];
