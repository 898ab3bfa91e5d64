import { ScenarioFileError, validateScenario } from '../../src/scenario/scenario-format';
import { availableOps } from '../../src/scenario/scenario-ops';

const file = (steps: unknown[]): unknown => ({ format: 'scenario/v1', name: 't', setup: { items: [] }, steps });

describe('scenario format: manufacturing and assembly ops', () => {
  it('knows the fields of a manufacturing op and refuses the op as not available until the runner implements it', () => {
    const run = (): unknown => validateScenario(file([{ op: 'finishProductionOrder', order: 'PO1', postingDate: '2020-01-31' }]), new Set(['post']));
    expect(run).toThrow(ScenarioFileError);
    expect(run).toThrow('step 0: op finishProductionOrder is not available yet');
  });

  it('refuses an unknown field on a manufacturing op', () => {
    expect(() => validateScenario(file([{ op: 'capacity', order: 'PO1', machine: 'X' }]), new Set(['capacity']))).toThrow(
      'step 0 (capacity): unknown field "machine"',
    );
  });

  it('refuses what the format leaves out or names wrongly, before anything runs', () => {
    const all = availableOps();
    const setup = {
      items: [
        { no: 'A', costingMethod: 'FIFO' },
        { no: 'K', costingMethod: 'FIFO', replenishmentSystem: 'Assembly' },
      ],
    };
    const scenario = (steps: unknown[]) => ({ format: 'scenario/v1', name: 't', setup, steps });
    const assemble = { op: 'assemble', ref: 'A1', item: 'K', quantity: '1', postingDate: '2020-01-02', components: [{ item: 'A', quantity: '1' }] };
    // Undo Assembly is not in v1: the output and the component entries alike.
    expect(() => validateScenario(scenario([assemble, { op: 'undo', ref: 'A1', postingDate: '2020-01-03' }]), all)).toThrow(/Undo Assembly is not in v1/);
    expect(() => validateScenario(scenario([assemble, { op: 'undo', ref: 'A1/A', postingDate: '2020-01-03' }]), all)).toThrow(/Undo Assembly is not in v1/);
    // A resource not set up needs its unit cost; an order must exist before it is posted to.
    expect(() => validateScenario(scenario([{ ...assemble, resources: [{ no: 'R', quantity: '1' }] }]), all)).toThrow(/give its unitCost/);
    expect(() => validateScenario(scenario([{ op: 'consume', ref: 'C1', order: 'PO1', item: 'A', quantity: '1', postingDate: '2020-01-02' }]), all)).toThrow(
      /unknown production order "PO1"/,
    );
    expect(() =>
      validateScenario(scenario([{ op: 'implementStandardCostChange', postingDate: '2020-01-31', lines: [{ item: 'A', workCenter: 'W' }] }]), all),
    ).toThrow(/exactly one of item, workCenter and resource/);
  });
});
