// Remakes docs/commands.md and the option tables of docs/library.md from the option declarations
// (src/api/options/); run `npm run build` first. Tests check both pages are current.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildProgram } from '../dist/src/cli/program.js';
import { commandsMarkdown } from '../dist/src/cli/commands-doc.js';
import { LIBRARY_TABLES } from '../dist/src/api/options/index.js';
import { refreshLibraryDoc } from '../dist/src/api/options/library-doc.js';

writeFileSync('docs/commands.md', commandsMarkdown(buildProgram()));
writeFileSync('docs/library.md', refreshLibraryDoc(readFileSync('docs/library.md', 'utf8'), LIBRARY_TABLES));
console.log('wrote docs/commands.md and the option tables of docs/library.md');
