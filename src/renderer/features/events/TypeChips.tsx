/** One chip per event type seen (with its count); selecting chips narrows the list to those types. */
export function TypeChips({
  counts,
  selected,
  onSelect,
}: {
  counts: ReadonlyMap<string, number>;
  selected: readonly string[];
  onSelect(types: string[]): void;
}) {
  const types = [...counts].slice(0, 40);
  if (types.length === 0) return null;
  const toggle = (t: string) => onSelect(selected.includes(t) ? selected.filter((x) => x !== t) : [...selected, t]);
  return (
    <div className="type-chips" role="group" aria-label="Event types">
      {types.map(([t, n]) => (
        <button key={t} type="button" className="chip" aria-pressed={selected.includes(t)} onClick={() => toggle(t)}>
          {t} <span className="chip-count">{n.toLocaleString()}</span>
        </button>
      ))}
      {selected.length > 0 && (
        <button type="button" className="link" onClick={() => onSelect([])}>
          all types
        </button>
      )}
    </div>
  );
}
