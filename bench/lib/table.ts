/** One benchmark result row, as printed and as written with --json. */
export interface BenchRow {
  /** Row id, e.g. "1a". */
  id: string;
  name: string;
  /** The measured value, formatted. */
  value: string;
  /** The reference measured side by side in the same run, formatted ('' when none). */
  reference: string;
  /** The budget, formatted ('' when the row is informational). */
  budget: string;
  /** null when the row has no budget. */
  met: boolean | null;
  /** Raw numbers for --json. */
  data: Record<string, number>;
}

export function renderTable(rows: BenchRow[]): string {
  const head = ['#', 'measure', 'value', 'reference', 'budget', 'met'];
  const body = rows.map((r) => [
    r.id,
    r.name,
    r.value,
    r.reference,
    r.budget,
    r.met === null ? '–' : r.met ? 'yes' : 'NO',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}
