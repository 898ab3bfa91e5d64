/**
 * The setup and master-data records, described once: their keys and fields with the kind of value
 * each takes. DTO classes (validation + OpenAPI), controllers, serialisation and the scenario
 * runner's setup all come from these descriptions.
 */
import type { EntityClass } from '@mikro-orm/core';
import { AUTOMATIC_COST_ADJUSTMENT, AVERAGE_COST_CALC_TYPES, AVERAGE_COST_PERIODS, COSTING_METHODS } from '../costing/types';
import {
  AccountingPeriod,
  GeneralLedgerSetup,
  GeneralPostingSetup,
  GLAccount,
  InventoryPeriod,
  InventoryPostingSetup,
  InventorySetup,
  Item,
  ItemCharge,
  Location,
  UserSetup,
} from './entities/setup.entities';
import {
  BomLine,
  ITEM_COST_SHARE_FIELDS,
  ManufacturingSetup,
  REPLENISHMENT_SYSTEMS,
  Resource,
  RoutingLine,
  WorkCenter,
  PRODUCTION_BOM_STATUSES,
} from './entities/manufacturing.entities';

export type FieldKind = 'string' | 'decimal' | 'integer' | 'date' | 'boolean' | readonly string[];

export interface FieldSpec {
  kind: FieldKind;
  /** Shown in the OpenAPI description. */
  description?: string;
  /** Nullable dates (an open range end, for instance). */
  nullable?: boolean;
  /** Only settable when the record is created. */
  createOnly?: boolean;
}

export interface ResourceSpec<T = object> {
  /** URL segment under /api/setup and the scenario-format name where there is one. */
  path: string;
  title: string;
  entity: EntityClass<T>;
  keys: string[];
  fields: Record<string, FieldSpec>;
  /** A single record (inventory setup, G/L setup) rather than a list. */
  singleton?: boolean;
}

const str = (description?: string): FieldSpec => ({ kind: 'string', description });
const num = (description?: string): FieldSpec => ({ kind: 'decimal', description });
const day = (description?: string): FieldSpec => ({ kind: 'date', nullable: true, description });
const flag = (description?: string): FieldSpec => ({ kind: 'boolean', description });
const int = (description?: string): FieldSpec => ({ kind: 'integer', description });

/** Work centers and resources: what one unit of their measure costs (production-how-to-set-up-work-and-machine-centers.md). */
const capacityCostFields = {
  no: str(),
  name: str(),
  directUnitCost: num('Direct cost of one unit of the measure (a minute, say)'),
  indirectCostPercent: num('Overhead per unit = direct unit cost × indirect cost % / 100 + overhead rate'),
  overheadRate: num('Overhead per unit, added to the indirect cost %'),
  genProdPostingGroup: str(),
};

export const SETUP_RESOURCES: ResourceSpec[] = [
  {
    path: 'inventory-setup',
    title: 'Inventory Setup',
    entity: InventorySetup,
    singleton: true,
    keys: [],
    fields: {
      automaticCostPosting: flag('R10: post value entries to G/L as they are posted'),
      expectedCostPostingToGL: flag('R15: post expected cost to interim accounts'),
      automaticCostAdjustment: { kind: AUTOMATIC_COST_ADJUSTMENT, description: 'R43: look-back window of automatic cost adjustment' },
      averageCostCalcType: { kind: AVERAGE_COST_CALC_TYPES, description: 'R50' },
      averageCostPeriod: { kind: AVERAGE_COST_PERIODS, description: 'R11' },
      earliestAllowedValuationDate: day('R118'),
      preventNegativeInventory: flag('Refuse a decrease that would take an item below zero at a location (items may override it)'),
    },
  },
  {
    path: 'general-ledger-setup',
    title: 'General Ledger Setup',
    entity: GeneralLedgerSetup,
    singleton: true,
    keys: [],
    fields: {
      companyName: str('Printed on every report'),
      amountRoundingPrecision: num('A-9: rounding of amounts, e.g. 0.01'),
      unitAmountRoundingPrecision: num('Rounding of unit costs, e.g. 0.00001'),
      allowPostingFrom: day('R109'),
      allowPostingTo: day('R109'),
    },
  },
  {
    path: 'user-setups',
    title: 'User Setup',
    entity: UserSetup,
    keys: ['userId'],
    fields: { userId: str(), allowPostingFrom: day('R110'), allowPostingTo: day('R110') },
  },
  { path: 'locations', title: 'Locations', entity: Location, keys: ['code'], fields: { code: str(), name: str() } },
  {
    path: 'items',
    title: 'Items',
    entity: Item,
    keys: ['no'],
    fields: {
      no: str(),
      description: str(),
      baseUnitOfMeasure: str(),
      costingMethod: { kind: COSTING_METHODS, description: 'R17; cannot change once the item has entries (R13)' },
      unitCost: num('R23'),
      standardCost: num('Standard items; change it with set-standard-cost once there are entries (R90)'),
      lastDirectCost: num(),
      indirectCostPercent: num('R24'),
      overheadRate: num('R24'),
      inventoryPostingGroup: str(),
      genProdPostingGroup: str(),
      preventNegativeInventory: { kind: ['Default', 'No', 'Yes'], description: 'Default follows Inventory Setup; No and Yes override it for this item' },
      replenishmentSystem: { kind: REPLENISHMENT_SYSTEMS, description: 'Purchase, ProdOrder (production BOM and routing) or Assembly (assembly BOM)' },
      lotSize: num('R81: spreads the routing setup time over the lot'),
      productionBomStatus: { kind: PRODUCTION_BOM_STATUSES, description: 'Its production BOM is calculated and released only when Certified' },
      ...Object.fromEntries(
        ITEM_COST_SHARE_FIELDS.map((f) => [f, num('R80: a share of the standard cost; set by calculate-standard-cost, or all material when typed in')]),
      ),
    },
  },
  {
    path: 'manufacturing-setup',
    title: 'Manufacturing Setup',
    entity: ManufacturingSetup,
    singleton: true,
    keys: [],
    fields: { costInclSetup: flag('R81: the standard cost includes routing setup time, spread over the lot size') },
  },
  {
    path: 'work-centers',
    title: 'Work Centers',
    entity: WorkCenter,
    keys: ['no'],
    fields: {
      ...capacityCostFields,
      unitCostCalculation: { kind: ['Time', 'Units'], description: 'Units: the cost is per unit of output, whatever the time' },
      subcontracting: flag('The work center stands for a subcontractor: its direct cost is the Subcontracted share'),
    },
  },
  { path: 'resources', title: 'Resources', entity: Resource, keys: ['no'], fields: capacityCostFields },
  {
    path: 'bom-lines',
    title: 'BOM Lines',
    entity: BomLine,
    keys: ['parentItemNo', 'lineNo'],
    fields: {
      parentItemNo: str('The produced or assembled item'),
      lineNo: int(),
      type: { kind: ['Item', 'Resource'], description: 'A component item, or a resource (assembly BOMs)' },
      no: str('The component item or the resource'),
      quantityPer: num('Per unit of the parent item (time, for a resource)'),
    },
  },
  {
    path: 'routing-lines',
    title: 'Routing Lines',
    entity: RoutingLine,
    keys: ['itemNo', 'operationNo'],
    fields: {
      itemNo: str('The produced item'),
      operationNo: int(),
      workCenterNo: str(),
      setupTime: num("Per lot, in the work center's measure (R81)"),
      runTime: num('Per unit of the item'),
    },
  },
  { path: 'item-charges', title: 'Item Charges', entity: ItemCharge, keys: ['no'], fields: { no: str(), description: str(), genProdPostingGroup: str() } },
  {
    path: 'inventory-periods',
    title: 'Inventory Periods',
    entity: InventoryPeriod,
    keys: ['endingDate'],
    fields: {
      endingDate: { kind: 'date' },
      name: str(),
      closed: {
        kind: 'boolean',
        createOnly: true,
        description: 'Create a period already closed; afterwards close and reopen it through the period endpoints (R115, R116)',
      },
    },
  },
  {
    path: 'accounting-periods',
    title: 'Accounting Periods',
    entity: AccountingPeriod,
    keys: ['startingDate'],
    fields: { startingDate: { kind: 'date' }, name: str(), newFiscalYear: flag() },
  },
  { path: 'gl-accounts', title: 'G/L Accounts', entity: GLAccount, keys: ['no'], fields: { no: str(), name: str() } },
  {
    path: 'general-posting-setups',
    title: 'General Posting Setup',
    entity: GeneralPostingSetup,
    keys: ['genBusPostingGroup', 'genProdPostingGroup'],
    fields: {
      genBusPostingGroup: str(),
      genProdPostingGroup: str(),
      cogsAccount: str(),
      cogsInterimAccount: str(),
      inventoryAdjmtAccount: str(),
      directCostAppliedAccount: str(),
      overheadAppliedAccount: str(),
      purchaseVarianceAccount: str(),
      invtAccrualInterimAccount: str(),
    },
  },
  {
    path: 'inventory-posting-setups',
    title: 'Inventory Posting Setup',
    entity: InventoryPostingSetup,
    keys: ['locationCode', 'inventoryPostingGroup'],
    fields: {
      locationCode: str(),
      inventoryPostingGroup: str(),
      inventoryAccount: str(),
      inventoryInterimAccount: str(),
      wipAccount: str(),
      materialVarianceAccount: str(),
      capacityVarianceAccount: str(),
      subcontractedVarianceAccount: str(),
      capOverheadVarianceAccount: str(),
      mfgOverheadVarianceAccount: str(),
    },
  },
];

export function resourceByPath(path: string): ResourceSpec {
  const spec = SETUP_RESOURCES.find((r) => r.path === path);
  if (!spec) throw new Error(`unknown setup resource ${path}`);
  return spec;
}
