import { readFileSync } from 'node:fs';

/** dropsweep's version, from its package.json (dist/src/version.js and src/version.ts both sit two folders below it). */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
