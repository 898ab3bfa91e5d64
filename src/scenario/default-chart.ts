/**
 * The default chart of accounts a scenario gets when it leaves accounts or posting setup out
 * (scenario-format.md): every account role has its own account, numbered as in the worked
 * examples, and posting setup exists for every combination the scenario uses. Listed in the
 * README.
 */
import type { ScenarioFile } from './scenario-format';

export const DEFAULT_ACCOUNTS: Record<string, { no: string; name: string }> = {
  inventoryAccount: { no: '2130', name: 'Inventory' },
  inventoryInterimAccount: { no: '2131', name: 'Inventory (Interim)' },
  wipAccount: { no: '2140', name: 'WIP' },
  invtAccrualInterimAccount: { no: '5530', name: 'Invt. Accrual (Interim)' },
  inventoryAdjmtAccount: { no: '7270', name: 'Inventory Adjmt.' },
  cogsAccount: { no: '7290', name: 'COGS' },
  directCostAppliedAccount: { no: '7291', name: 'Direct Cost Applied' },
  overheadAppliedAccount: { no: '7292', name: 'Overhead Applied' },
  purchaseVarianceAccount: { no: '7293', name: 'Purchase Variance' },
  cogsInterimAccount: { no: '7299', name: 'COGS (Interim)' },
  materialVarianceAccount: { no: '7890', name: 'Material Variance' },
  capacityVarianceAccount: { no: '7891', name: 'Capacity Variance' },
  subcontractedVarianceAccount: { no: '7892', name: 'Subcontracted Variance' },
  capOverheadVarianceAccount: { no: '7893', name: 'Cap. Overhead Variance' },
  mfgOverheadVarianceAccount: { no: '7894', name: 'Mfg. Overhead Variance' },
};

const GENERAL = [
  'cogsAccount',
  'cogsInterimAccount',
  'inventoryAdjmtAccount',
  'directCostAppliedAccount',
  'overheadAppliedAccount',
  'purchaseVarianceAccount',
  'invtAccrualInterimAccount',
];
const INVENTORY = [
  'inventoryAccount',
  'inventoryInterimAccount',
  'wipAccount',
  'materialVarianceAccount',
  'capacityVarianceAccount',
  'subcontractedVarianceAccount',
  'capOverheadVarianceAccount',
  'mfgOverheadVarianceAccount',
];

const pick = (roles: string[]) => Object.fromEntries(roles.map((r) => [r, DEFAULT_ACCOUNTS[r].no]));

export type SetupChange = { resource: string; body: unknown };

/** Every account of the default chart. */
export function defaultAccounts(): SetupChange[] {
  return Object.values(DEFAULT_ACCOUNTS).map((account) => ({ resource: 'gl-accounts', body: account }));
}

/** General Posting Setup of the default chart for each gen. business × gen. product posting group. */
export function defaultGeneralPostingSetup(busGroups: Iterable<string>, prodGroups: Iterable<string>): SetupChange[] {
  const changes: SetupChange[] = [];
  for (const bus of busGroups)
    for (const prod of prodGroups)
      changes.push({ resource: 'general-posting-setups', body: { genBusPostingGroup: bus, genProdPostingGroup: prod, ...pick(GENERAL) } });
  return changes;
}

/** Inventory Posting Setup of the default chart for each location × inventory posting group. */
export function defaultInventoryPostingSetup(locations: Iterable<string>, invGroups: Iterable<string>): SetupChange[] {
  const changes: SetupChange[] = [];
  for (const location of locations)
    for (const group of invGroups)
      changes.push({ resource: 'inventory-posting-setups', body: { locationCode: location, inventoryPostingGroup: group, ...pick(INVENTORY) } });
  return changes;
}

export function defaultChart(file: ScenarioFile): SetupChange[] {
  const setup = file.setup as Record<string, unknown[] | undefined>;
  const setupSteps = file.steps.filter((s) => s.op === 'setup') as Record<string, unknown[] | undefined>[];
  const all = (key: string) => [...(setup[key] ?? []), ...setupSteps.flatMap((s) => s[key] ?? [])] as Record<string, string>[];
  const items = all('items');
  const charges = all('itemCharges');
  const locations = ['', ...all('locations').map((l) => l.code)];
  const prodGroups = new Set([...items.map((i) => i.genProdPostingGroup ?? 'RETAIL'), ...charges.map((c) => c.genProdPostingGroup ?? 'RETAIL')]);
  const invGroups = new Set(items.map((i) => i.inventoryPostingGroup ?? 'RESALE'));
  const busGroups = new Set(['', ...file.steps.filter((s) => typeof s.genBusPostingGroup === 'string').map((s) => s.genBusPostingGroup as string)]);
  return [
    ...(setup.accounts ? [] : defaultAccounts()),
    ...(setup.generalPostingSetup ? [] : defaultGeneralPostingSetup(busGroups, prodGroups)),
    ...(setup.inventoryPostingSetup ? [] : defaultInventoryPostingSetup(locations, invGroups)),
  ];
}
