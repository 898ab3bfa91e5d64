import { ScenarioFileError, validateScenario } from '../../src/scenario/scenario-format';

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
});
