/** A plain-text table: the first column left-aligned (labels), the others right-aligned (figures), two spaces apart. */
export function textTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  const format = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  return [format(header), ...rows.map(format)];
}
