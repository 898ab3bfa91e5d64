/** Every report the product prints, by the name the API, the CLI and the scenario op use. */
import { NotFoundError } from '../common/errors';
import { closeInventoryPeriodTestReport } from './definitions/close-inventory-period-test.report';
import { costSharesBreakdownReport } from './definitions/cost-shares-breakdown.report';
import { costSpecificationReport } from './definitions/cost-specification.report';
import { inventoryGLReconciliationReport } from './definitions/inventory-gl-reconciliation.report';
import { inventoryValuationReport } from './definitions/inventory-valuation.report';
import { inventoryValuationWipReport } from './definitions/inventory-valuation-wip.report';
import type { ReportDefinition } from './report-definition';

export const REPORT_DEFINITIONS: readonly ReportDefinition<never>[] = [
  inventoryValuationReport,
  costSpecificationReport,
  costSharesBreakdownReport,
  inventoryGLReconciliationReport,
  closeInventoryPeriodTestReport,
  inventoryValuationWipReport,
] as unknown as ReportDefinition<never>[];

export const REPORT_NAMES = REPORT_DEFINITIONS.map((r) => r.name);

export function reportDefinition(name: string): ReportDefinition<unknown> {
  const found = REPORT_DEFINITIONS.find((r) => r.name === name);
  if (!found) throw new NotFoundError(`There is no report "${name}" (reports: ${REPORT_NAMES.join(', ')})`);
  return found as ReportDefinition<unknown>;
}
