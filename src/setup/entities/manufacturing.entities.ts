/**
 * Manufacturing and assembly master data (issue 11; scenario-format.md § Setup additions): what
 * Calculate Standard Cost (R80, R81, R120), production and assembly costing read.
 */
import { EntitySchema } from '@mikro-orm/core';
import { Dec, ZERO } from '../../common/decimal';
import { DecimalColumnType } from '../../database/decimal-column.type';

const decimal = (defaultValue = '0') => ({ type: DecimalColumnType, columnType: 'numeric', defaultRaw: defaultValue });

export const REPLENISHMENT_SYSTEMS = ['Purchase', 'ProdOrder', 'Assembly'] as const;
export type ReplenishmentSystem = (typeof REPLENISHMENT_SYSTEMS)[number];

export const PRODUCTION_BOM_STATUSES = ['New', 'Certified', 'UnderDevelopment', 'Closed'] as const;
export type ProductionBomStatus = (typeof PRODUCTION_BOM_STATUSES)[number];

/** The item's cost-share fields, single-level then rolled-up, in the order of COST_SHARES. */
export const ITEM_COST_SHARE_FIELDS = [
  'singleLevelMaterialCost',
  'singleLevelCapacityCost',
  'singleLevelSubcontractedCost',
  'singleLevelCapOverheadCost',
  'singleLevelMfgOverheadCost',
  'rolledUpMaterialCost',
  'rolledUpCapacityCost',
  'rolledUpSubcontractedCost',
  'rolledUpCapOverheadCost',
  'rolledUpMfgOverheadCost',
] as const;

/** The item columns behind ITEM_COST_SHARE_FIELDS, in the same order: single-level, then rolled-up. */
export const ITEM_COST_SHARE_COLUMNS = ITEM_COST_SHARE_FIELDS.map((f) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
export const SINGLE_LEVEL_SHARE_COLUMNS = ITEM_COST_SHARE_COLUMNS.slice(0, 5);
export const ROLLED_UP_SHARE_COLUMNS = ITEM_COST_SHARE_COLUMNS.slice(5);

/** Manufacturing Setup, one row: Cost Incl. Setup (R81). */
export class ManufacturingSetup {
  id = 1;
  costInclSetup = true;
}

export const ManufacturingSetupSchema = new EntitySchema<ManufacturingSetup>({
  class: ManufacturingSetup,
  properties: {
    id: { type: 'integer', primary: true, autoincrement: false },
    costInclSetup: { type: 'boolean', default: true },
  },
});

/**
 * A work center: one unit of its measure costs `directUnitCost` direct plus
 * `directUnitCost × indirectCostPercent / 100 + overheadRate` overhead.
 */
export class WorkCenter {
  no!: string;
  name = '';
  directUnitCost: Dec = ZERO;
  indirectCostPercent: Dec = ZERO;
  overheadRate: Dec = ZERO;
  /** `Units`: cost per unit of output, whatever the time. */
  unitCostCalculation: 'Time' | 'Units' = 'Time';
  /** The work center stands for a subcontractor: its direct cost is the Subcontracted share. */
  subcontracting = false;
  genProdPostingGroup = 'RETAIL';
}

/** What one unit of a work center's or resource's measure costs (shared by both schemas). */
const capacityCostProperties = {
  no: { type: 'string', primary: true },
  name: { type: 'string', default: '' },
  directUnitCost: decimal(),
  indirectCostPercent: decimal(),
  overheadRate: decimal(),
  genProdPostingGroup: { type: 'string', default: 'RETAIL' },
} as const;

export const WorkCenterSchema = new EntitySchema<WorkCenter>({
  class: WorkCenter,
  properties: {
    ...capacityCostProperties,
    unitCostCalculation: { type: 'string', default: 'Time' },
    subcontracting: { type: 'boolean', default: false },
  },
});

/** An assembly resource, costed like a work center. */
export class Resource {
  no!: string;
  name = '';
  directUnitCost: Dec = ZERO;
  indirectCostPercent: Dec = ZERO;
  overheadRate: Dec = ZERO;
  genProdPostingGroup = 'RETAIL';
}

export const ResourceSchema = new EntitySchema<Resource>({ class: Resource, properties: capacityCostProperties });

/** A line of an item's production or assembly BOM: a component item, or a resource (assembly). */
export class BomLine {
  parentItemNo!: string;
  lineNo!: number;
  type: 'Item' | 'Resource' = 'Item';
  no = '';
  quantityPer: Dec = ZERO;
}

export const BomLineSchema = new EntitySchema<BomLine>({
  class: BomLine,
  properties: {
    parentItemNo: { type: 'string', primary: true },
    lineNo: { type: 'integer', primary: true, autoincrement: false },
    type: { type: 'string', default: 'Item' },
    no: { type: 'string', default: '' },
    quantityPer: decimal(),
  },
});

/** An operation of a produced item's routing: setup time per lot, run time per unit (R81). */
export class RoutingLine {
  itemNo!: string;
  operationNo!: number;
  workCenterNo = '';
  setupTime: Dec = ZERO;
  runTime: Dec = ZERO;
}

export const RoutingLineSchema = new EntitySchema<RoutingLine>({
  class: RoutingLine,
  properties: {
    itemNo: { type: 'string', primary: true },
    operationNo: { type: 'integer', primary: true, autoincrement: false },
    workCenterNo: { type: 'string', default: '' },
    setupTime: decimal(),
    runTime: decimal(),
  },
});

export const MANUFACTURING_ENTITIES = [ManufacturingSetupSchema, WorkCenterSchema, ResourceSchema, BomLineSchema, RoutingLineSchema];
