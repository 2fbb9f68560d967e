import { newTable } from './render.js';

export const LISTING_FORMATS = ['table', 'markdown', 'csv', 'json'] as const;
export type ListingFormat = (typeof LISTING_FORMATS)[number];

/** A column of a listing: the machine name (json, csv), the header and the text form (table, markdown). */
export interface Column<R> {
  key: string;
  header: string;
  value: (row: R) => string | number | boolean | null;
  text?: (row: R) => string;
}

function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The same rows and columns in every format; json and csv carry numbers as numbers. */
export function renderListing<R>(rows: R[], columns: Column<R>[], format: ListingFormat): string {
  const text = (c: Column<R>, r: R) => {
    if (c.text) return c.text(r);
    const v = c.value(r);
    return v === null ? '-' : String(v);
  };
  switch (format) {
    case 'json':
      return JSON.stringify(rows.map((r) => Object.fromEntries(columns.map((c) => [c.key, c.value(r)]))));
    case 'csv':
      return [columns.map((c) => c.key).join(','), ...rows.map((r) => columns.map((c) => csvCell(c.value(r))).join(','))].join('\n');
    case 'markdown': {
      const esc = (s: string) => s.replace(/\|/g, '\\|');
      return [
        `| ${columns.map((c) => esc(c.header)).join(' | ')} |`,
        `|${columns.map(() => '---').join('|')}|`,
        ...rows.map((r) => `| ${columns.map((c) => esc(text(c, r))).join(' | ')} |`),
      ].join('\n');
    }
    case 'table': {
      const table = newTable(columns.map((c) => c.header));
      for (const r of rows) table.push(columns.map((c) => text(c, r)));
      return table.toString();
    }
  }
}

export const fixed = (digits: number) => (v: number | null) => (v === null || !Number.isFinite(v) ? '-' : v.toFixed(digits));
export const round = (v: number | null, digits: number) => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(digits)));

/** p-values as people read them: 3 significant digits, tiny ones as <0.001. */
export function formatP(p: number | null): string {
  if (p === null) return '-';
  return p < 0.001 ? '<0.001' : p.toPrecision(3);
}
