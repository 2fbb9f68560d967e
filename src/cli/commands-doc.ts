import type { Command } from 'commander';

const cell = (s: string) => s.replace(/\|/g, '\\|');

/**
 * docs/commands.md, made from the command line itself: every command, its arguments and its
 * options with their help and defaults, as `--help` shows them. The options come from their
 * declarations (src/api/options/), so the page cannot drift from them: a test compares it.
 */
export function commandsMarkdown(program: Command): string {
  const out = [
    '# Commands',
    '',
    '<!-- Made by `node scripts/commands-doc.js` from the option declarations (src/api/options/); test/cli/commands-doc.test.ts checks it is current. Do not edit by hand. -->',
    '',
    'Every command takes `--help`. Results go to stdout; progress and notices to stderr. Every listing',
    'takes `--format json`. A mistake in the input prints one line `dropsweep: ...` and exits 2; a',
    "store that fails exits 3. `--quiet` silences progress only, never a command's result.",
    '',
    ...program.commands.map((c) => `- [\`${c.name()}\`](#dropsweep-${c.name()}): ${c.description()}`),
    '',
  ];
  for (const command of program.commands) {
    const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
    out.push(`## dropsweep ${command.name()}`, '', command.description(), '', '```', `dropsweep ${command.name()} [options]${args.length ? ` ${args.join(' ')}` : ''}`, '```', '');
    if (args.length) {
      for (const a of command.registeredArguments) out.push(`- \`${a.name()}\`: ${a.description}`);
      out.push('');
    }
    out.push('| option | what it does | default |', '|---|---|---|');
    for (const o of command.options) {
      const fallback = o.defaultValue === undefined || (Array.isArray(o.defaultValue) && o.defaultValue.length === 0) ? '' : `\`${String(o.defaultValue)}\``;
      out.push(`| \`${cell(o.flags)}\` | ${cell(o.description)}${o.mandatory ? ' (required)' : ''} | ${cell(fallback)} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}`;
}
