/**
 * Every migration, in order. Listed explicitly so that the compiled service, the tests (run from
 * TypeScript) and a future MikroORM 7 all see the same list.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121075038InitialLedgers } from './Migration20261121075038InitialLedgers';
import { Migration20261121080441AdjustmentRuns } from './Migration20261121080441AdjustmentRuns';
import { Migration20261121081221InventoryTotals } from './Migration20261121081221InventoryTotals';
import { Migration20261121081235NumericDefaults } from './Migration20261121081235NumericDefaults';
import { Migration20261121082535AppliedEntryToAdjustQueue } from './Migration20261121082535AppliedEntryToAdjustQueue';
import { Migration20261121084323ApplicationLinkIndexes } from './Migration20261121084323ApplicationLinkIndexes';
import { Migration20261121084629GlRelationAmount } from './Migration20261121084629GlRelationAmount';
import { Migration20261121090008AccessUsersTokensAuditLog } from './Migration20261121090008AccessUsersTokensAuditLog';
import { Migration20261121090100PeriodPackages } from './Migration20261121090100PeriodPackages';
import { Migration20261121090507EmailDeliveries } from './Migration20261121090507EmailDeliveries';
import { Migration20261121091727ValueEntryGLPosting } from './Migration20261121091727ValueEntryGLPosting';
import { Migration20261121093022ClosePipeline } from './Migration20261121093022ClosePipeline';
import { Migration20261203090000ReceiptDirectUnitCost } from './Migration20261203090000ReceiptDirectUnitCost';
import { Migration20261203090000SignInHardening } from './Migration20261203090000SignInHardening';
import { Migration20261203093000PreventNegativeInventory } from './Migration20261203093000PreventNegativeInventory';
import { Migration20261203100000LedgersAppendOnly } from './Migration20261203100000LedgersAppendOnly';
import { Migration20261203110000PackageRevisions } from './Migration20261203110000PackageRevisions';
import { Migration20261210090000ConsoleSessions } from './Migration20261210090000ConsoleSessions';
import { Migration20261211090000ManufacturingMasterData } from './Migration20261211090000ManufacturingMasterData';
import { Migration20261211100000OrderLedgers } from './Migration20261211100000OrderLedgers';
import { Migration20261212090000JobWorkers } from './Migration20261212090000JobWorkers';
import { Migration20261213090000InvoicedQuantityTotals } from './Migration20261213090000InvoicedQuantityTotals';
import { Migration20261214090000RelationValueEntryBrin } from './Migration20261214090000RelationValueEntryBrin';

export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261121075038InitialLedgers', class: Migration20261121075038InitialLedgers },
  { name: 'Migration20261121080441AdjustmentRuns', class: Migration20261121080441AdjustmentRuns },
  { name: 'Migration20261121081221InventoryTotals', class: Migration20261121081221InventoryTotals },
  { name: 'Migration20261121081235NumericDefaults', class: Migration20261121081235NumericDefaults },
  { name: 'Migration20261121082535AppliedEntryToAdjustQueue', class: Migration20261121082535AppliedEntryToAdjustQueue },
  { name: 'Migration20261121084323ApplicationLinkIndexes', class: Migration20261121084323ApplicationLinkIndexes },
  { name: 'Migration20261121084629GlRelationAmount', class: Migration20261121084629GlRelationAmount },
  { name: 'Migration20261121090008AccessUsersTokensAuditLog', class: Migration20261121090008AccessUsersTokensAuditLog },
  { name: 'Migration20261121090100PeriodPackages', class: Migration20261121090100PeriodPackages },
  { name: 'Migration20261121090507EmailDeliveries', class: Migration20261121090507EmailDeliveries },
  { name: 'Migration20261121091727ValueEntryGLPosting', class: Migration20261121091727ValueEntryGLPosting },
  { name: 'Migration20261121093022ClosePipeline', class: Migration20261121093022ClosePipeline },
  { name: 'Migration20261203090000ReceiptDirectUnitCost', class: Migration20261203090000ReceiptDirectUnitCost },
  { name: 'Migration20261203090000SignInHardening', class: Migration20261203090000SignInHardening },
  { name: 'Migration20261203093000PreventNegativeInventory', class: Migration20261203093000PreventNegativeInventory },
  { name: 'Migration20261203100000LedgersAppendOnly', class: Migration20261203100000LedgersAppendOnly },
  { name: 'Migration20261203110000PackageRevisions', class: Migration20261203110000PackageRevisions },
  { name: 'Migration20261210090000ConsoleSessions', class: Migration20261210090000ConsoleSessions },
  { name: 'Migration20261211090000ManufacturingMasterData', class: Migration20261211090000ManufacturingMasterData },
  { name: 'Migration20261211100000OrderLedgers', class: Migration20261211100000OrderLedgers },
  { name: 'Migration20261212090000JobWorkers', class: Migration20261212090000JobWorkers },
  { name: 'Migration20261213090000InvoicedQuantityTotals', class: Migration20261213090000InvoicedQuantityTotals },
  { name: 'Migration20261214090000RelationValueEntryBrin', class: Migration20261214090000RelationValueEntryBrin },
];
