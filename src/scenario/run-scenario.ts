/**
 * `costclose scenario run FILE [--out RESULT.json] [--check]` as a function: exit code 2 for a
 * file that is not valid (nothing is run), 1 for a failed step or (with check) an unmet
 * expectation, 0 otherwise. The CLI and the acceptance test both call this.
 */
import * as fs from 'fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { parseExactJson } from '../common/exact-json';
import type { AppConfig } from '../config/app-config';
import { checkExpectations, describeFailure, ExpectationFailure } from './expectations';
import type { ResultDocument } from './result-document';
import { createScratchDatabase, ensureTemplate } from './scenario-database';
import { ScenarioFileError, validateScenario } from './scenario-format';
import { availableOps } from './scenario-ops';
import { ScenarioRunner } from './scenario-runner';

export interface ScenarioRunOptions {
  serverUrl: string;
  config: AppConfig;
  check: boolean;
  /** Items per Adjust Cost batch (tests: 1 runs every item in a batch of its own). */
  adjustBatchSize?: number;
  /** Adjust Cost batches read ahead (tests: more than the default, so that a batch reads before several others commit). */
  adjustPipelineDepth?: number;
}

export interface ScenarioRunReport {
  exitCode: 0 | 1 | 2;
  /** What the CLI prints on stderr: the reason for exit 2, the failed step, failed expectations. */
  messages: string[];
  result: ResultDocument | null;
  failures: ExpectationFailure[];
  /** Ledger invariants broken after a step (with check). */
  invariantFailures: string[];
  expectationCount: number;
}

export async function runScenarioFile(path: string, options: ScenarioRunOptions): Promise<ScenarioRunReport> {
  let raw: unknown;
  try {
    // Numbers a float cannot hold arrive as their own text, read exactly (issue 15, item 2).
    raw = parseExactJson(fs.readFileSync(path, 'utf8'));
  } catch (e) {
    return {
      exitCode: 2,
      messages: [`${path}: not a readable JSON file: ${(e as Error).message}`],
      result: null,
      failures: [],
      invariantFailures: [],
      expectationCount: 0,
    };
  }
  let file;
  try {
    file = validateScenario(raw, availableOps());
  } catch (e) {
    if (e instanceof ScenarioFileError)
      return { exitCode: 2, messages: [`${path}: ${e.message}`], result: null, failures: [], invariantFailures: [], expectationCount: 0 };
    throw e;
  }
  const template = await ensureTemplate(options.serverUrl, 'costclose_scn');
  const scratch = await createScratchDatabase(options.serverUrl, template, 'costclose_scn');
  try {
    const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config: options.config, databaseUrl: scratch.url, migrate: false }), {
      logger: false,
    });
    try {
      // With --check the ledger invariants are checked after every step too (ledger-invariants.ts).
      const { result, failure, invariantFailures } = await new ScenarioRunner(app, file, {
        checkInvariants: options.check,
        adjustBatchSize: options.adjustBatchSize,
        adjustPipelineDepth: options.adjustPipelineDepth,
      }).run();
      const messages: string[] = [];
      if (failure) messages.push(`${path}: ${failure.message}`);
      for (const line of invariantFailures) messages.push(`${path}: ${line}`);
      const failures = options.check ? checkExpectations(file.expect ?? [], result) : [];
      for (const f of failures) messages.push(`${path}: ${describeFailure(f)}`);
      const exitCode = failure || failures.length > 0 || invariantFailures.length > 0 ? 1 : 0;
      return { exitCode, messages, result, failures, invariantFailures, expectationCount: (file.expect ?? []).length };
    } finally {
      await app.close();
    }
  } finally {
    await scratch.drop();
  }
}
