/** "1 event", "2 events": a count with its noun, for every summary the CLI prints. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
