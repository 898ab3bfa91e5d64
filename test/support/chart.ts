import { resourceByPath } from '../../src/setup/setup-resources';
import { defaultAccounts, defaultGeneralPostingSetup, defaultInventoryPostingSetup } from '../../src/scenario/default-chart';

/** The default chart (README) for the given locations and groups, as setup changes. */
export function chart(locations: string[] = [''], invGroups: string[] = ['RESALE'], prodGroups: string[] = ['RETAIL']) {
  return [...defaultAccounts(), ...defaultGeneralPostingSetup([''], prodGroups), ...defaultInventoryPostingSetup(locations, invGroups)].map((c) => ({
    spec: resourceByPath(c.resource),
    body: c.body,
  }));
}
