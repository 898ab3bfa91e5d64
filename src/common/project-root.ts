import * as fs from 'fs';
import * as path from 'path';

/**
 * The checkout or installed package the code runs from: the nearest directory above this file
 * with Costclose's package.json. Found by walking up because the code runs both from `src/`
 * (tests, through swc) and from `dist/src/` (the built service), one level deeper.
 */
let root: string | null = null;

export function projectRoot(): string {
  if (root) return root;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'costclose') return (root = dir);
    if (path.dirname(dir) === dir) throw new Error(`no Costclose package.json above ${__dirname}`);
  }
}

/** The `version` of package.json: what manifests and logs name as the software version. */
export function softwareVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(projectRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
