import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppLogger } from '../../src/common/app-logger';
import { loadAppConfig } from '../../src/config/app-config';
import { sweepStaleTemporaryFiles } from '../../src/period-package/stale-temporary-files';

/** Issue 15, item 12: a quiet start, JSON logs, a configurable listen address, stale temporary files swept. */
describe('a quiet start and its configuration (issue 15, item 12)', () => {
  const printed = (logger: AppLogger, write: () => void): string => {
    const out: string[] = [];
    const original = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      write();
    } finally {
      process.stdout.write = original;
    }
    void logger;
    return out.join('');
  };

  it("prints Nest's start-up lines only at debug, and one JSON object per line in json format", () => {
    const quiet = new AppLogger('log', 'text');
    expect(printed(quiet, () => quiet.log('Mapped {/api/x, GET} route', 'RouterExplorer'))).toBe('');
    expect(printed(quiet, () => quiet.log('Costclose listening on http://localhost:3000', 'Costclose'))).toContain('Costclose listening');
    const debug = new AppLogger('debug', 'text');
    expect(printed(debug, () => debug.log('Mapped {/api/x, GET} route', 'RouterExplorer'))).toContain('Mapped {/api/x, GET} route');
    const json = new AppLogger('log', 'json');
    const line = printed(json, () => json.log('listening', 'Costclose')).trim();
    expect(JSON.parse(line)).toMatchObject({ level: 'log', context: 'Costclose', message: 'listening' });
  });

  it('reads the listen address, log level and format, and refuses values it cannot take', () => {
    expect(loadAppConfig({}).listenAddress).toBe('0.0.0.0');
    const config = loadAppConfig({ COSTCLOSE_LISTEN_ADDRESS: '127.0.0.1', COSTCLOSE_LOG_LEVEL: 'debug', COSTCLOSE_LOG_FORMAT: 'json' });
    expect([config.listenAddress, config.logLevel, config.logFormat]).toEqual(['127.0.0.1', 'debug', 'json']);
    expect(() => loadAppConfig({ COSTCLOSE_LOG_FORMAT: 'xml' })).toThrow(/COSTCLOSE_LOG_FORMAT must be text, json, not 'xml'/);
    expect(() => loadAppConfig({ COSTCLOSE_LOG_LEVEL: 'loud' })).toThrow(/COSTCLOSE_LOG_LEVEL/);
  });

  it('sweeps temporary files a killed build left, not fresh ones or real files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'costclose-sweep-'));
    try {
      const sub = path.join(dir, '2026-10');
      fs.mkdirSync(sub);
      const old = new Date(Date.now() - 3_600_000);
      const files = {
        stale: path.join(sub, '.report.pdf.77.0123456789ab.tmp'),
        fresh: path.join(dir, '.p.zip.78.0123456789ab.tmp'),
        real: path.join(dir, 'costclose-period-2026-10-31.zip'),
        hidden: path.join(dir, '.keep'),
      };
      for (const f of Object.values(files)) fs.writeFileSync(f, 'x');
      for (const f of [files.stale, files.real, files.hidden]) fs.utimesSync(f, old, old);
      expect(await sweepStaleTemporaryFiles([dir, path.join(dir, 'missing')])).toBe(1);
      expect(
        Object.entries(files)
          .filter(([, f]) => fs.existsSync(f))
          .map(([k]) => k),
      ).toEqual(['fresh', 'real', 'hidden']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
