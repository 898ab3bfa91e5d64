import { resourceByPath } from '../../src/setup/setup-resources';
import { DEFAULT_ACCOUNTS } from '../../src/scenario/default-chart';

const pick = (roles: string[]) => Object.fromEntries(roles.map((r) => [r, DEFAULT_ACCOUNTS[r].no]));

/** The default chart (README) for the given locations and groups, as setup changes. */
export function chart(locations: string[] = [''], invGroups: string[] = ['RESALE'], prodGroups: string[] = ['RETAIL']) {
  return [
    ...Object.values(DEFAULT_ACCOUNTS).map((a) => ({ spec: resourceByPath('gl-accounts'), body: a })),
    ...prodGroups.map((p) => ({
      spec: resourceByPath('general-posting-setups'),
      body: { genBusPostingGroup: '', genProdPostingGroup: p, ...pick(['cogsAccount', 'cogsInterimAccount', 'inventoryAdjmtAccount', 'directCostAppliedAccount', 'overheadAppliedAccount', 'purchaseVarianceAccount', 'invtAccrualInterimAccount']) },
    })),
    ...locations.flatMap((l) =>
      invGroups.map((g) => ({
        spec: resourceByPath('inventory-posting-setups'),
        body: { locationCode: l, inventoryPostingGroup: g, ...pick(['inventoryAccount', 'inventoryInterimAccount', 'wipAccount', 'materialVarianceAccount', 'capacityVarianceAccount', 'subcontractedVarianceAccount', 'capOverheadVarianceAccount', 'mfgOverheadVarianceAccount']) },
      })),
    ),
  ];
}
