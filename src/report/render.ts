/**
 * Box-drawn text tables. cli-table3 was the first choice, but it measures every cell with
 * ANSI-aware string-width and took 61 s to lay out a 10,000-row leaderboard; this takes
 * milliseconds. Cells are plain strings; the header is bold on a terminal only.
 */
export interface TextTable {
  push(row: (string | number | boolean | null)[]): void;
  toString(): string;
}

export function newTable(head: string[], stream: NodeJS.WriteStream = process.stdout): TextTable {
  const bold = stream.isTTY === true;
  const rows: string[][] = [];
  return {
    push(row) {
      rows.push(row.map((c) => (c === null ? '' : String(c))));
    },
    toString() {
      const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
      const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
      const line = (cells: string[], style = (s: string) => s) =>
        `│${widths.map((w, i) => ` ${style((cells[i] ?? '').padEnd(w))} `).join('│')}│`;
      return [
        rule('┌', '┬', '┐'),
        line(head, bold ? (s) => `\x1b[1m${s}\x1b[22m` : undefined),
        rule('├', '┼', '┤'),
        ...rows.map((r) => line(r)),
        rule('└', '┴', '┘'),
      ].join('\n');
    },
  };
}
