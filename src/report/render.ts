import Table from 'cli-table3';

/** A cli-table3 table, coloured only on a terminal so piped output stays plain text. */
export function newTable(head: string[], stream: NodeJS.WriteStream = process.stdout): Table.Table {
  const colour = stream.isTTY === true;
  return new Table({ head, style: colour ? {} : { head: [], border: [] } });
}
