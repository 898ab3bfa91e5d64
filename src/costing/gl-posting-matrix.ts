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
import type { ItemLedgerEntryType, ValueEntryType } from './types';

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

/** R101: the account pair of one part (actual or expected) of a value entry. */
export function accountPair(itemLedgerEntryType: ItemLedgerEntryType, entryType: ValueEntryType, expected: boolean): AccountPair {
  if (expected) {
    // R101 rows with Expected = Y: Purchase → Invt. Accrual (Interim), Sale → COGS (Interim).
    const balancing: AccountType =
      itemLedgerEntryType === 'Sale'
        ? 'cogsInterim'
        : itemLedgerEntryType === 'Purchase' && entryType === 'DirectCost'
          ? 'invtAccrualInterim'
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
      return { account: 'inventory', balancing: 'inventoryAdjmt' };
  }
}

/** The same matrix as SQL rows (for set-based posting and reconciliation). */
export function accountPairRows(): { ileType: ItemLedgerEntryType; veType: ValueEntryType; expected: boolean; account: AccountType; balancing: AccountType }[] {
  const rows: ReturnType<typeof accountPairRows> = [];
  for (const ileType of ['Purchase', 'Sale', 'PositiveAdjmt', 'NegativeAdjmt', 'Transfer'] as const) {
    for (const veType of ['DirectCost', 'IndirectCost', 'Variance', 'Revaluation', 'Rounding'] as const) {
      for (const expected of [false, true]) rows.push({ ileType, veType, expected, ...accountPair(ileType, veType, expected) });
    }
  }
  return rows;
}
