import * as fs from 'fs';
import * as path from 'path';

/**
 * The templates/ folder of the checkout: found from the compiled file (dist/src/reports/rendering)
 * or the source file (src/reports/rendering, in tests), whichever is being run.
 */
export function templatesDir(): string {
  for (const up of ['../../../..', '../../..']) {
    const dir = path.resolve(__dirname, up, 'templates');
    if (fs.existsSync(path.join(dir, 'locales'))) return dir;
  }
  throw new Error(`templates/ not found above ${__dirname}`);
}
