/**
 * Setup that drives costing (costing-rules §2) and the master data postings refer to. Field
 * names follow the scenario format (`../shared/spec/scenario-format.md`, setup).
 */
import { EntitySchema } from '@mikro-orm/core';
import { Dec, ZERO } from '../../common/decimal';
import type { IsoDate } from '../../common/dates';
import { DecimalColumnType } from '../../database/decimal-column.type';
import type { AutomaticCostAdjustment, AverageCostCalcType, AverageCostPeriod, CostingMethod } from '../../costing/types';
import { MANUFACTURING_ENTITIES, ProductionBomStatus, ReplenishmentSystem } from './manufacturing.entities';

// A numeric literal as the default (not a quoted string), so the schema diff sees no change.
const decimal = (defaultValue = '0') => ({ type: DecimalColumnType, columnType: 'numeric', defaultRaw: defaultValue });
const date = (nullable = true) => ({ type: 'date', columnType: 'date', nullable });

/** Inventory Setup (R10), one row. */
export class InventorySetup {
  id = 1;
  automaticCostPosting = false;
  expectedCostPostingToGL = false;
  automaticCostAdjustment: AutomaticCostAdjustment = 'Never';
  averageCostCalcType: AverageCostCalcType = 'Item';
  averageCostPeriod: AverageCostPeriod = 'Day';
  earliestAllowedValuationDate: IsoDate | null = null;
  preventNegativeInventory = false;
}

export const InventorySetupSchema = new EntitySchema<InventorySetup>({
  class: InventorySetup,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: false },
    automaticCostPosting: { type: 'boolean', default: false },
    expectedCostPostingToGL: { type: 'boolean', default: false, fieldName: 'expected_cost_posting_to_gl' },
    automaticCostAdjustment: { type: 'string', default: 'Never' },
    averageCostCalcType: { type: 'string', default: 'Item' },
    averageCostPeriod: { type: 'string', default: 'Day' },
    earliestAllowedValuationDate: date(),
    preventNegativeInventory: { type: 'boolean', default: false },
  },
});

/** General Ledger Setup: rounding precisions and the allowed posting range (R109, R110). */
export class GeneralLedgerSetup {
  id = 1;
  companyName = 'Costclose demo company';
  amountRoundingPrecision: Dec = new Dec('0.01');
  unitAmountRoundingPrecision: Dec = new Dec('0.00001');
  allowPostingFrom: IsoDate | null = null;
  allowPostingTo: IsoDate | null = null;
}

export const GeneralLedgerSetupSchema = new EntitySchema<GeneralLedgerSetup>({
  class: GeneralLedgerSetup,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: false },
    companyName: { type: 'string', default: 'Costclose demo company' },
    amountRoundingPrecision: decimal('0.01'),
    unitAmountRoundingPrecision: decimal('0.00001'),
    allowPostingFrom: date(),
    allowPostingTo: date(),
  },
});

/** User Setup: a user's own posting range (R110). */
export class UserSetup {
  userId!: string;
  allowPostingFrom: IsoDate | null = null;
  allowPostingTo: IsoDate | null = null;
}

export const UserSetupSchema = new EntitySchema<UserSetup>({
  class: UserSetup,
  properties: {
    userId: { type: 'string', primary: true },
    allowPostingFrom: date(),
    allowPostingTo: date(),
  },
});

export class Location {
  code!: string;
  name = '';
}

export const LocationSchema = new EntitySchema<Location>({
  class: Location,
  properties: {
    code: { type: 'string', primary: true },
    name: { type: 'string', default: '' },
  },
});

export class Item {
  no!: string;
  description = '';
  baseUnitOfMeasure = 'PCS';
  costingMethod: CostingMethod = 'FIFO';
  unitCost: Dec = ZERO;
  standardCost: Dec = ZERO;
  lastDirectCost: Dec = ZERO;
  indirectCostPercent: Dec = ZERO;
  overheadRate: Dec = ZERO;
  inventoryPostingGroup = 'RESALE';
  genProdPostingGroup = 'RETAIL';
  /** False while the item has entries cost adjustment has not processed (R42). */
  costIsAdjusted = true;
  /** Default follows Inventory Setup; No and Yes override it for this item. */
  preventNegativeInventory: 'Default' | 'No' | 'Yes' = 'Default';
  replenishmentSystem: ReplenishmentSystem = 'Purchase';
  /** Spreads a routing's setup time over the units of a lot (R81). */
  lotSize: Dec = new Dec(1);
  /** A production BOM is used (calculated, released) only when Certified, as in Business Central. */
  productionBomStatus: ProductionBomStatus = 'Certified';
  // The cost shares of the standard cost (R80): single-level and rolled-up. A typed-in standard
  // cost is all material [AL: codeunit 5804].
  singleLevelMaterialCost: Dec = ZERO;
  singleLevelCapacityCost: Dec = ZERO;
  singleLevelSubcontractedCost: Dec = ZERO;
  singleLevelCapOverheadCost: Dec = ZERO;
  singleLevelMfgOverheadCost: Dec = ZERO;
  rolledUpMaterialCost: Dec = ZERO;
  rolledUpCapacityCost: Dec = ZERO;
  rolledUpSubcontractedCost: Dec = ZERO;
  rolledUpCapOverheadCost: Dec = ZERO;
  rolledUpMfgOverheadCost: Dec = ZERO;
}

export const ItemSchema = new EntitySchema<Item>({
  class: Item,
  properties: {
    no: { type: 'string', primary: true },
    description: { type: 'string', default: '' },
    baseUnitOfMeasure: { type: 'string', default: 'PCS' },
    costingMethod: { type: 'string', default: 'FIFO' },
    unitCost: decimal(),
    standardCost: decimal(),
    lastDirectCost: decimal(),
    indirectCostPercent: decimal(),
    overheadRate: decimal(),
    inventoryPostingGroup: { type: 'string', default: 'RESALE' },
    genProdPostingGroup: { type: 'string', default: 'RETAIL' },
    costIsAdjusted: { type: 'boolean', default: true },
    preventNegativeInventory: { type: 'string', default: 'Default' },
    replenishmentSystem: { type: 'string', default: 'Purchase' },
    lotSize: decimal('1'),
    productionBomStatus: { type: 'string', default: 'Certified' },
    singleLevelMaterialCost: decimal(),
    singleLevelCapacityCost: decimal(),
    singleLevelSubcontractedCost: decimal(),
    singleLevelCapOverheadCost: decimal(),
    singleLevelMfgOverheadCost: decimal(),
    rolledUpMaterialCost: decimal(),
    rolledUpCapacityCost: decimal(),
    rolledUpSubcontractedCost: decimal(),
    rolledUpCapOverheadCost: decimal(),
    rolledUpMfgOverheadCost: decimal(),
  },
});

export class ItemCharge {
  no!: string;
  description = '';
  genProdPostingGroup = 'RETAIL';
}

export const ItemChargeSchema = new EntitySchema<ItemCharge>({
  class: ItemCharge,
  properties: {
    no: { type: 'string', primary: true },
    description: { type: 'string', default: '' },
    genProdPostingGroup: { type: 'string', default: 'RETAIL' },
  },
});

/** An inventory period is its ending date (R113); it starts the day after the previous one. */
export class InventoryPeriod {
  endingDate!: IsoDate;
  name = '';
  closed = false;
}

export const InventoryPeriodSchema = new EntitySchema<InventoryPeriod>({
  class: InventoryPeriod,
  properties: {
    endingDate: { type: 'date', columnType: 'date', primary: true },
    name: { type: 'string', default: '' },
    closed: { type: 'boolean', default: false },
  },
});

export class AccountingPeriod {
  startingDate!: IsoDate;
  name = '';
  newFiscalYear = false;
}

export const AccountingPeriodSchema = new EntitySchema<AccountingPeriod>({
  class: AccountingPeriod,
  properties: {
    startingDate: { type: 'date', columnType: 'date', primary: true },
    name: { type: 'string', default: '' },
    newFiscalYear: { type: 'boolean', default: false },
  },
});

export class GLAccount {
  no!: string;
  name = '';
}

export const GLAccountSchema = new EntitySchema<GLAccount>({
  class: GLAccount,
  tableName: 'gl_account',
  properties: {
    no: { type: 'string', primary: true },
    name: { type: 'string', default: '' },
  },
});

/** General Posting Setup (R16): accounts by gen. business × gen. product posting group. */
export class GeneralPostingSetup {
  genBusPostingGroup = '';
  genProdPostingGroup!: string;
  cogsAccount = '';
  cogsInterimAccount = '';
  inventoryAdjmtAccount = '';
  directCostAppliedAccount = '';
  overheadAppliedAccount = '';
  purchaseVarianceAccount = '';
  invtAccrualInterimAccount = '';
}

export const GeneralPostingSetupSchema = new EntitySchema<GeneralPostingSetup>({
  class: GeneralPostingSetup,
  properties: {
    genBusPostingGroup: { type: 'string', primary: true },
    genProdPostingGroup: { type: 'string', primary: true },
    cogsAccount: { type: 'string', default: '' },
    cogsInterimAccount: { type: 'string', default: '' },
    inventoryAdjmtAccount: { type: 'string', default: '' },
    directCostAppliedAccount: { type: 'string', default: '' },
    overheadAppliedAccount: { type: 'string', default: '' },
    purchaseVarianceAccount: { type: 'string', default: '' },
    invtAccrualInterimAccount: { type: 'string', default: '' },
  },
});

/** Inventory Posting Setup (R16): accounts by location × inventory posting group. */
export class InventoryPostingSetup {
  locationCode = '';
  inventoryPostingGroup!: string;
  inventoryAccount = '';
  inventoryInterimAccount = '';
  wipAccount = '';
  materialVarianceAccount = '';
  capacityVarianceAccount = '';
  subcontractedVarianceAccount = '';
  capOverheadVarianceAccount = '';
  mfgOverheadVarianceAccount = '';
}

export const InventoryPostingSetupSchema = new EntitySchema<InventoryPostingSetup>({
  class: InventoryPostingSetup,
  properties: {
    locationCode: { type: 'string', primary: true },
    inventoryPostingGroup: { type: 'string', primary: true },
    inventoryAccount: { type: 'string', default: '' },
    inventoryInterimAccount: { type: 'string', default: '' },
    wipAccount: { type: 'string', default: '' },
    materialVarianceAccount: { type: 'string', default: '' },
    capacityVarianceAccount: { type: 'string', default: '' },
    subcontractedVarianceAccount: { type: 'string', default: '' },
    capOverheadVarianceAccount: { type: 'string', default: '' },
    mfgOverheadVarianceAccount: { type: 'string', default: '' },
  },
});

export const SETUP_ENTITIES = [
  InventorySetupSchema,
  GeneralLedgerSetupSchema,
  UserSetupSchema,
  LocationSchema,
  ItemSchema,
  ItemChargeSchema,
  InventoryPeriodSchema,
  AccountingPeriodSchema,
  GLAccountSchema,
  GeneralPostingSetupSchema,
  InventoryPostingSetupSchema,
  ...MANUFACTURING_ENTITIES,
];
