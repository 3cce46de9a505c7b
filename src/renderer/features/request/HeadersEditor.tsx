import { useRequest } from '../../stores/request';

/** Header rows (name, value), in order; repeats allowed, blank names are not sent. */
export function HeadersEditor() {
  const headers = useRequest((s) => s.draft.headers);
  const patch = useRequest((s) => s.patch);
  const set = (i: number, col: 0 | 1, v: string) =>
    patch({
      headers: headers.map((h, j) => (j === i ? (col === 0 ? [v, h[1]] : [h[0], v]) : h)),
    });
  return (
    <fieldset className="headers-editor">
      <legend>Headers</legend>
      {headers.map(([name, value], i) => (
        <div className="header-row" key={i}>
          <input
            aria-label={`Header ${i + 1} name`}
            placeholder="Name"
            value={name}
            onChange={(e) => set(i, 0, e.target.value)}
          />
          <input
            aria-label={`Header ${i + 1} value`}
            placeholder="Value"
            value={value}
            onChange={(e) => set(i, 1, e.target.value)}
          />
          <button
            type="button"
            aria-label={`Remove header ${i + 1}`}
            onClick={() => patch({ headers: headers.filter((_, j) => j !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      <button type="button" onClick={() => patch({ headers: [...headers, ['', '']] })}>
        Add header
      </button>
    </fieldset>
  );
}
