/**
 * Which accounts a value entry posts to (costing-rules §14, R99–R103): by item ledger entry type,
 * value entry type and whether the part is expected cost. The account receives the amount with
 * the value entry's sign (positive = debit), the balancing account the opposite (R100).
 *
 * The matrix of R101 names the combinations Business Central documents. Combinations it leaves
 * out arise here because cost adjustment keeps a decrease's cost shares by type (overhead,
 * variance, revaluation flow to the sale, R45): a decrease's overhead and variance shares are
 * part of its cost of goods sold (COGS; for adjustments: Inventory Adjmt.), a revaluation share
 * follows R101's revaluation row (Inventory Adjmt.), and any expected part of a type other than
 * direct cost goes to the interim accounts like expected direct cost (decided, see README).
 */
import { LEDGER_ENTRY_TYPES, OrderType, ValueEntryItemLedgerEntryType, ValueEntryType, VarianceType } from './types';

export const ACCOUNT_TYPES = [
  'inventory',
  'inventoryInterim',
  'wipInventory',
  'directCostApplied',
  'overheadApplied',
  'purchaseVariance',
  'inventoryAdjmt',
  'invtAccrualInterim',
  'cogs',
  'cogsInterim',
  'materialVariance',
  'capacityVariance',
  'subcontractedVariance',
  'capOverheadVariance',
  'mfgOverheadVariance',
] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Account types held in Inventory Posting Setup (location × inventory posting group, R16). */
export const INVENTORY_SETUP_TYPES: readonly AccountType[] = [
  'inventory',
  'inventoryInterim',
  'wipInventory',
  'materialVariance',
  'capacityVariance',
  'subcontractedVariance',
  'capOverheadVariance',
  'mfgOverheadVariance',
];

/** The setup column that holds each account type. */
export const SETUP_COLUMN: Record<AccountType, string> = {
  inventory: 'inventory_account',
  inventoryInterim: 'inventory_interim_account',
  wipInventory: 'wip_account',
  materialVariance: 'material_variance_account',
  capacityVariance: 'capacity_variance_account',
  subcontractedVariance: 'subcontracted_variance_account',
  capOverheadVariance: 'cap_overhead_variance_account',
  mfgOverheadVariance: 'mfg_overhead_variance_account',
  directCostApplied: 'direct_cost_applied_account',
  overheadApplied: 'overhead_applied_account',
  purchaseVariance: 'purchase_variance_account',
  inventoryAdjmt: 'inventory_adjmt_account',
  invtAccrualInterim: 'invt_accrual_interim_account',
  cogs: 'cogs_account',
  cogsInterim: 'cogs_interim_account',
};

export interface AccountPair {
  account: AccountType;
  balancing: AccountType;
}

/** The variance account of each production and assembly variance type (R103). */
const VARIANCE_ACCOUNT: Partial<Record<VarianceType, AccountType>> = {
  Material: 'materialVariance',
  Capacity: 'capacityVariance',
  Subcontracted: 'subcontractedVariance',
  CapacityOverhead: 'capOverheadVariance',
  ManufacturingOverhead: 'mfgOverheadVariance',
};

/**
 * R101: the account pair of one part (actual or expected) of a value entry. Production (R101–R103;
 * design-details-production-order-posting.md): consumption credits Inventory against WIP; capacity
 * debits WIP against Direct Cost Applied or Overhead Applied; the output's expected cost goes to
 * Inventory (Interim) against WIP, its actual direct cost to Inventory against WIP, its
 * manufacturing overhead against Overhead Applied, each variance against the variance account of
 * its type. Assembly (R101–R102 read as A-13 advises; design-details-assembly-order-posting.md):
 * the same with Inventory Adjmt. in place of WIP, as there is no WIP.
 */
export function accountPair(
  itemLedgerEntryType: ValueEntryItemLedgerEntryType,
  entryType: ValueEntryType,
  expected: boolean,
  varianceType: VarianceType | null = null,
  orderType: OrderType | null = null,
): AccountPair {
  if (itemLedgerEntryType === '') {
    // A capacity value entry (blank item ledger entry type).
    return {
      account: orderType === 'Production' ? 'wipInventory' : 'inventoryAdjmt',
      balancing: entryType === 'IndirectCost' ? 'overheadApplied' : 'directCostApplied',
    };
  }
  if (expected) {
    // R101 rows with Expected = Y: Purchase → Invt. Accrual (Interim), Sale → COGS (Interim), Output → WIP.
    const balancing: AccountType =
      itemLedgerEntryType === 'Sale'
        ? 'cogsInterim'
        : itemLedgerEntryType === 'Purchase' && entryType === 'DirectCost'
          ? 'invtAccrualInterim'
          : itemLedgerEntryType === 'Output'
            ? 'wipInventory'
            : 'inventoryAdjmt';
    return { account: 'inventoryInterim', balancing };
  }
  if (entryType === 'Revaluation' || entryType === 'Rounding') return { account: 'inventory', balancing: 'inventoryAdjmt' };
  switch (itemLedgerEntryType) {
    case 'Purchase':
      return {
        account: 'inventory',
        balancing: entryType === 'IndirectCost' ? 'overheadApplied' : entryType === 'Variance' ? 'purchaseVariance' : 'directCostApplied',
      };
    case 'Sale':
      return { account: 'inventory', balancing: 'cogs' };
    case 'PositiveAdjmt':
    case 'NegativeAdjmt':
    case 'Transfer':
    case 'AssemblyConsumption':
      return { account: 'inventory', balancing: 'inventoryAdjmt' };
    case 'Consumption':
      return { account: 'inventory', balancing: 'wipInventory' };
    case 'Output':
    case 'AssemblyOutput':
      return {
        account: 'inventory',
        balancing:
          entryType === 'IndirectCost'
            ? 'overheadApplied'
            : entryType === 'Variance'
              ? (VARIANCE_ACCOUNT[varianceType ?? 'Purchase'] ?? 'inventoryAdjmt')
              : itemLedgerEntryType === 'Output'
                ? 'wipInventory'
                : 'inventoryAdjmt',
      };
  }
}

/**
 * The same matrix as SQL rows (for set-based posting and reconciliation). `varianceType` and
 * `orderType` are null where the pair does not depend on them (match any), else one row each.
 */
export function accountPairRows(): {
  ileType: ValueEntryItemLedgerEntryType;
  veType: ValueEntryType;
  varianceType: VarianceType | null;
  orderType: OrderType | null;
  expected: boolean;
  account: AccountType;
  balancing: AccountType;
}[] {
  const rows: ReturnType<typeof accountPairRows> = [];
  for (const ileType of [...LEDGER_ENTRY_TYPES, ''] as const) {
    for (const veType of ['DirectCost', 'IndirectCost', 'Variance', 'Revaluation', 'Rounding'] as const) {
      for (const expected of [false, true]) {
        if (ileType === '') {
          for (const orderType of ['Production', 'Assembly'] as const)
            rows.push({ ileType, veType, varianceType: null, orderType, expected, ...accountPair(ileType, veType, expected, null, orderType) });
        } else if ((ileType === 'Output' || ileType === 'AssemblyOutput') && veType === 'Variance' && !expected) {
          for (const varianceType of Object.keys(VARIANCE_ACCOUNT) as VarianceType[])
            rows.push({ ileType, veType, varianceType, orderType: null, expected, ...accountPair(ileType, veType, expected, varianceType) });
        } else rows.push({ ileType, veType, varianceType: null, orderType: null, expected, ...accountPair(ileType, veType, expected) });
      }
    }
  }
  return rows;
}
