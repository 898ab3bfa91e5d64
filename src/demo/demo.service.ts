import { randomBytes } from 'crypto';
/**
 * The newcomer's path: on an empty database, seed the demo company (setup, a year of business
 * posted through the item journal, a monthly close schedule, a user per role) and close last
 * month through the close pipeline, so that ./out holds real reports and a real package. Run
 * again, it finds the demo in place and does neither twice.
 */
import * as fsp from 'fs/promises';
import * as path from 'path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/core';
import { SetupRepository } from '../setup/setup.repository';
import { UsersService } from '../access/users.service';
import { Clock } from '../common/clock';
import type { IsoDate } from '../common/dates';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { withSession } from '../database/sql-session';
import { ItemJournalService } from '../item-journal/item-journal.service';
import type { InvoiceInput, ItemChargeInput, JournalLineInput } from '../item-journal/journal-input';
import { ClosePeriod, periodBefore, periodContaining } from '../pipeline/close-period';
import { CloseRunsService } from '../pipeline/close-runs.service';
import type { RunRecord } from '../pipeline/close-runs.store';
import { PipelineRunner, RunEvent } from '../pipeline/pipeline-runner';
import { SchedulesService } from '../pipeline/schedules.service';
import { defaultAccounts, defaultGeneralPostingSetup, defaultInventoryPostingSetup } from '../scenario/default-chart';
import { loadCostingSetup } from '../setup/costing-setup';
import { SetupResourceService } from '../setup/setup-resource.service';
import { resourceByPath } from '../setup/setup-resources';
import { DEMO_CHARGES, DEMO_COMPANY, DEMO_LOCATIONS, demoItems, DemoLine, demoYear } from './demo-company';
import { DEMO_PRODUCTION_ITEMS, DEMO_WORK_CENTERS, demoProduction, PRODUCTION_LOCATION } from './demo-production';
import { ProductionService } from '../production/production.service';
import { StandardCostService } from '../valuation/standard-cost/standard-cost.service';
import { splitItemRow } from '../scenario/scenario-items';

const DEMO_USER = 'DEMO';
const RECIPIENT = 'okonomi@nordlys-engros.example';

export interface DemoOutcome {
  seeded: boolean;
  entries: number | null;
  period: ClosePeriod;
  run: RunRecord | null;
  usersFile: string | null;
}

@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly orm: MikroORM,
    private readonly clock: Clock,
    private readonly setup: SetupResourceService,
    private readonly journal: ItemJournalService,
    private readonly schedules: SchedulesService,
    private readonly runs: CloseRunsService,
    private readonly runner: PipelineRunner,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly setupRepository: SetupRepository,
    private readonly production: ProductionService,
    private readonly standardCost: StandardCostService,
  ) {}

  /** Whether the database holds nothing yet (no items): the only state the demo seeds into. */
  async isEmpty(): Promise<boolean> {
    return !(await this.setupRepository.hasItems(this.orm.em.fork()));
  }

  /** Seeds the demo if the database is empty, and closes last month if no run has. */
  async ensure(onEvent: (event: RunEvent) => void = () => undefined): Promise<DemoOutcome> {
    const lastMonth = periodBefore(periodContaining('month', this.clock.today()));
    let seeded = false;
    let entries: number | null = null;
    let usersFile: string | null = null;
    if (await this.isEmpty()) {
      const firstDay = periodBefore(lastMonth, 11).startingDate;
      this.logger.log(`Seeding the demo company ${DEMO_COMPANY}: a year of business, ${firstDay} to ${lastMonth.endingDate}…`);
      entries = await this.seed(firstDay, lastMonth.endingDate);
      usersFile = await this.demoUsers();
      seeded = true;
    }
    let run: RunRecord | null = null;
    const closedBy = await this.runs.closedBy(lastMonth.endingDate);
    if (closedBy) run = await this.runs.get(closedBy);
    else if (seeded || (await this.hasDemoCompany())) {
      const created = await this.runs.create({ period: lastMonth.label, locale: 'nb-NO', recipients: [RECIPIENT] }, DEMO_USER);
      run = await this.runner.execute(created.id, onEvent);
    }
    return { seeded, entries, period: lastMonth, run, usersFile };
  }

  private async hasDemoCompany(): Promise<boolean> {
    const setup = await withSession(this.orm, (sql) => loadCostingSetup(sql, DEMO_USER));
    return setup.companyName === DEMO_COMPANY;
  }

  private async seed(firstDay: IsoDate, lastDay: IsoDate): Promise<number> {
    const items = demoItems();
    const change = (resource: string, body: unknown) => ({ spec: resourceByPath(resource), body });
    await this.setup.applyAll([
      change('general-ledger-setup', { companyName: DEMO_COMPANY }),
      change('inventory-setup', { expectedCostPostingToGL: true, automaticCostAdjustment: 'Never', averageCostPeriod: 'Month' }),
      ...[...defaultAccounts(), ...defaultGeneralPostingSetup([''], ['RETAIL']), ...defaultInventoryPostingSetup(['', ...DEMO_LOCATIONS], ['RESALE'])].map(
        (c) => change(c.resource, c.body),
      ),
      ...DEMO_LOCATIONS.map((code) => change('locations', { code, name: code[0] + code.slice(1).toLowerCase() })),
      ...DEMO_CHARGES.map((c) => change('item-charges', c)),
      ...items.map((i) =>
        change('items', {
          no: i.no,
          description: i.description,
          costingMethod: i.costingMethod,
          unitCost: i.cost,
          standardCost: i.costingMethod === 'Standard' ? i.cost : '0',
        }),
      ),
      ...DEMO_WORK_CENTERS.map((w) => change('work-centers', w)),
      ...DEMO_PRODUCTION_ITEMS.flatMap((row) => {
        const { item, bomLines, routingLines } = splitItemRow(row);
        return [change('items', item), ...bomLines.map((l) => change('bom-lines', l)), ...routingLines.map((l) => change('routing-lines', l))];
      }),
    ]);
    await this.standardCost.calculate('VERKTØYKASSE', 'AllLevels', DEMO_USER);
    await this.schedules.create(
      {
        name: 'Månedlig lukking',
        periodKind: 'month',
        cron: '0 6 1 * *',
        timeZone: 'Europe/Oslo',
        periodOffset: 1,
        locale: 'nb-NO',
        recipients: [RECIPIENT],
        tolerance: '0.00',
      },
      DEMO_USER,
    );
    const entryOf = new Map<string, number>();
    let entries = 0;
    for (const [date, lines] of [...demoYear(items, firstDay, lastDay)].sort(([a], [b]) => a.localeCompare(b))) {
      const inputs = lines.map((l) => this.journalLine(l, entryOf));
      const receipt = await this.journal.post(inputs, DEMO_USER);
      lines.forEach((l, i) => {
        if (l.kind === 'receipt' || l.kind === 'sale') entryOf.set(l.ref, receipt.lines[i].itemLedgerEntryNos[0]);
      });
      entries += receipt.lines.reduce((n, r) => n + r.itemLedgerEntryNos.length, 0);
      if (date.endsWith('-15')) this.logger.log(`  … ${date}: ${entries} item ledger entries`);
    }
    return entries + (await this.seedProduction(firstDay, lastDay));
  }

  /** The production line (demo-production.ts), posted through the production orders and the item journal. */
  private async seedProduction(firstDay: IsoDate, lastDay: IsoDate): Promise<number> {
    const receipts = new Map<string, number>();
    const orders = new Map<string, string>();
    let entries = 0;
    const at = { locationCode: PRODUCTION_LOCATION };
    for (const s of demoProduction(firstDay, lastDay)) {
      switch (s.kind) {
        case 'purchase': {
          const receipt = await this.journal.post(
            [{ entryType: 'Purchase', itemNo: s.itemNo, postingDate: s.date, quantity: s.quantity, unitCost: s.unitCost, invoice: s.invoice, ...at }],
            DEMO_USER,
          );
          receipts.set(s.ref, receipt.lines[0].itemLedgerEntryNos[0]);
          break;
        }
        case 'invoice':
          await this.journal.post(
            [{ kind: 'invoice', itemLedgerEntryNo: receipts.get(s.receipt) as number, postingDate: s.date, unitCost: s.unitCost }],
            DEMO_USER,
          );
          continue;
        case 'sale':
          await this.journal.post([{ entryType: 'Sale', itemNo: s.itemNo, postingDate: s.date, quantity: s.quantity, ...at }], DEMO_USER);
          break;
        case 'order':
          orders.set(s.ref, (await this.production.createOrder({ itemNo: s.itemNo, quantity: s.quantity, dueDate: s.date, ...at })).orderNo);
          continue;
        case 'consume':
          await this.production.consume({ orderNo: orders.get(s.order) as string, itemNo: s.itemNo, quantity: s.quantity, postingDate: s.date }, DEMO_USER);
          break;
        case 'capacity':
          await this.production.capacity(
            { orderNo: orders.get(s.order) as string, workCenterNo: s.workCenter, quantity: s.quantity, postingDate: s.date },
            DEMO_USER,
          );
          continue;
        case 'output':
          await this.production.output({ orderNo: orders.get(s.order) as string, quantity: s.quantity, postingDate: s.date }, DEMO_USER);
          break;
        case 'finish':
          await this.production.finish(orders.get(s.order) as string, s.date, DEMO_USER);
          continue;
      }
      entries++;
    }
    return entries;
  }

  private journalLine(l: DemoLine, entryOf: Map<string, number>): JournalLineInput | InvoiceInput | ItemChargeInput {
    const doc = (prefix: string) => `${prefix}-${l.date.replace(/-/g, '')}`;
    switch (l.kind) {
      case 'receipt':
        return {
          entryType: 'Purchase',
          itemNo: l.itemNo,
          postingDate: l.date,
          quantity: String(l.quantity),
          unitCost: l.unitCost,
          locationCode: l.location,
          invoice: l.invoice,
          documentNo: doc('INNK'),
        };
      case 'sale':
        return { entryType: 'Sale', itemNo: l.itemNo, postingDate: l.date, quantity: String(l.quantity), locationCode: l.location, documentNo: doc('SALG') };
      case 'transfer':
        return {
          entryType: 'Transfer',
          itemNo: l.itemNo,
          postingDate: l.date,
          quantity: String(l.quantity),
          locationCode: l.from,
          newLocationCode: l.to,
          documentNo: doc('OVF'),
        };
      case 'return':
        return {
          entryType: 'Sale',
          itemNo: l.itemNo,
          postingDate: l.date,
          quantity: String(-l.quantity),
          locationCode: l.location,
          appliesFromEntry: entryOf.get(l.ofSale) ?? null,
          documentNo: doc('RETUR'),
        };
      case 'invoice':
        return { kind: 'invoice', itemLedgerEntryNo: entryOf.get(l.receipt) as number, postingDate: l.date, unitCost: l.unitCost, documentNo: doc('FAKT') };
      case 'charge':
        return {
          kind: 'itemCharge',
          itemChargeNo: l.charge,
          postingDate: l.date,
          amount: l.amount,
          assignments: [{ itemLedgerEntryNo: entryOf.get(l.receipt) as number }],
          documentNo: doc('GEB'),
        };
    }
  }

  /**
   * One user per role with an API token and a password for the web console, written to
   * <outDir>/demo-users.txt (readable by the owner only) — unless an admin exists already (a
   * configured bootstrap admin). The passwords are random and the users' own (no change forced
   * at the first sign-in: it is a demo); nothing prints them, the file holds them.
   */
  private async demoUsers(): Promise<string | null> {
    const existing = await this.users.list();
    if (existing.some((u) => u.role === 'admin' && !u.disabled)) return null;
    const lines: string[] = [
      '# Costclose demo users: user name, role, API token, console password (created once; keep this file private).',
      '# API: curl -H "Authorization: Bearer <token>" http://localhost:PORT/api/…   Console: http://localhost:PORT/ (user name and password)',
      '',
    ];
    for (const role of ['admin', 'finance', 'auditor'] as const) {
      const password = randomBytes(12).toString('base64url');
      const { user, token } = await this.users.createWithToken(DEMO_USER, { id: `demo-${role}`, role, password, passwordChosenByUser: true }, 'demo');
      lines.push(`${user.id}\t${role}\t${token.token}\t${password}`);
    }
    await fsp.mkdir(this.config.close.outDir, { recursive: true });
    const file = path.join(this.config.close.outDir, 'demo-users.txt');
    await fsp.writeFile(file, lines.join('\n') + '\n', { mode: 0o600 });
    return file;
  }
}
