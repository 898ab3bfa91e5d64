/**
 * Resolving a value entry's account pair (R101) to account numbers through the posting setup
 * (R16): Inventory Posting Setup by location × inventory posting group, General Posting Setup by
 * gen. business × gen. product posting group. Loaded once per run (small tables).
 */
import type { SqlSession } from '../database/sql-session';
import { AccountType, INVENTORY_SETUP_TYPES, SETUP_COLUMN } from '../costing/gl-posting-matrix';
import { GeneralLedgerRepository } from './general-ledger.repository';

export interface PostingKeys {
  locationCode: string;
  inventoryPostingGroup: string;
  genBusPostingGroup: string;
  genProdPostingGroup: string;
}

export class PostingAccounts {
  private constructor(
    private readonly inventory: Map<string, Record<string, string>>,
    private readonly general: Map<string, Record<string, string>>,
  ) {}

  static async load(sql: SqlSession, ledger = new GeneralLedgerRepository()): Promise<PostingAccounts> {
    const { inventory: inv, general: gen } = await ledger.postingSetups(sql);
    return new PostingAccounts(
      new Map(inv.map((r) => [`${r.location_code}\u0000${r.inventory_posting_group}`, r])),
      new Map(gen.map((r) => [`${r.gen_bus_posting_group}\u0000${r.gen_prod_posting_group}`, r])),
    );
  }

  /** The account number, or the reason there is none. */
  resolve(type: AccountType, keys: PostingKeys): { account: string } | { missing: string } {
    const inventorySide = INVENTORY_SETUP_TYPES.includes(type);
    const row = inventorySide
      ? this.inventory.get(`${keys.locationCode}\u0000${keys.inventoryPostingGroup}`)
      : this.general.get(`${keys.genBusPostingGroup}\u0000${keys.genProdPostingGroup}`);
    if (!row) {
      return inventorySide
        ? { missing: `no Inventory Posting Setup for location '${keys.locationCode}' and inventory posting group '${keys.inventoryPostingGroup}'` }
        : {
            missing: `no General Posting Setup for gen. business posting group '${keys.genBusPostingGroup}' and gen. product posting group '${keys.genProdPostingGroup}'`,
          };
    }
    const account = row[SETUP_COLUMN[type]];
    if (!account) {
      return {
        missing: `${inventorySide ? 'Inventory' : 'General'} Posting Setup ${inventorySide ? `'${keys.locationCode}' / '${keys.inventoryPostingGroup}'` : `'${keys.genBusPostingGroup}' / '${keys.genProdPostingGroup}'`} has no ${type} account`,
      };
    }
    return { account };
  }

  /** Every account number the setup names for a type (reconciliation's G/L Total, R123). */
  accountsOf(type: AccountType): Set<string> {
    const rows = INVENTORY_SETUP_TYPES.includes(type) ? this.inventory.values() : this.general.values();
    const result = new Set<string>();
    for (const r of rows) if (r[SETUP_COLUMN[type]]) result.add(r[SETUP_COLUMN[type]]);
    return result;
  }
}
