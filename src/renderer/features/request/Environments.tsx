import { useCallback, useState } from 'react';
import type { Environment, Variable } from '#shared/workspace';
import { useEscape } from '../../lib/use-escape';
import { useWorkspace } from '../../stores/workspace';

/**
 * The active environment, and its variables: `{{name}}` in the URL, headers or body is replaced
 * at connect time. A secret variable's value stays in this app's storage: recordings, HARs and
 * exports show "[redacted]" or leave it out.
 */
export function Environments() {
  const environments = useWorkspace((s) => s.environments);
  const activeId = useWorkspace((s) => s.activeEnvironment);
  const active = environments.find((e) => e.id === activeId) ?? null;
  const [open, setOpen] = useState(false);
  useEscape(
    open,
    useCallback(() => setOpen(false), []),
  );
  return (
    <>
      <select
        className="environment-select"
        aria-label="Environment"
        value={activeId ?? ''}
        onChange={(e) => useWorkspace.getState().setActiveEnvironment(e.target.value || null)}
      >
        <option value="">No environment</option>
        {environments.map((e) => (
          <option key={e.id} value={e.id}>
            {e.name}
          </option>
        ))}
      </select>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        Variables
      </button>
      {open && (
        <div className="popover environments" role="dialog" aria-label="Environment variables">
          {active ? (
            <EnvironmentEditor env={active} />
          ) : (
            <p className="muted">No environment is active: create one, then use its variables as {'{{name}}'}.</p>
          )}
          {/* Shaped like the saved requests' "New collection" row; each adds to its own list. */}
          <div className="row">
            <button
              type="button"
              onClick={() => useWorkspace.getState().addEnvironment(`Environment ${environments.length + 1}`)}
            >
              New environment
            </button>
            {active && (
              <button type="button" onClick={() => useWorkspace.getState().removeEnvironment(active.id)}>
                Delete environment
              </button>
            )}
          </div>
        </div>
      )}
    </>
  );
}

function EnvironmentEditor({ env }: { env: Environment }) {
  const put = (patch: Partial<Environment>) => useWorkspace.getState().putEnvironment({ ...env, ...patch });
  const setVar = (i: number, patch: Partial<Variable>) =>
    put({ variables: env.variables.map((v, j) => (j === i ? { ...v, ...patch } : v)) });
  return (
    <fieldset className="variables-editor">
      <legend>
        <input aria-label="Environment name" value={env.name} onChange={(e) => put({ name: e.target.value })} />
      </legend>
      {env.variables.map((v, i) => (
        <div className="header-row" key={i}>
          <input
            aria-label={`Variable ${i + 1} name`}
            placeholder="name"
            value={v.name}
            onChange={(e) => setVar(i, { name: e.target.value })}
          />
          <input
            aria-label={`Variable ${i + 1} value`}
            placeholder="value"
            type={v.secret ? 'password' : 'text'}
            autoComplete="off"
            value={v.value}
            onChange={(e) => setVar(i, { value: e.target.value })}
          />
          <label className="inline-label" title="Kept out of recordings, HARs and exports">
            <input
              type="checkbox"
              aria-label={`Variable ${i + 1} secret`}
              checked={v.secret}
              onChange={(e) => setVar(i, { secret: e.target.checked })}
            />
            secret
          </label>
          <button
            type="button"
            aria-label={`Remove variable ${i + 1}`}
            onClick={() => put({ variables: env.variables.filter((_, j) => j !== i) })}
          >
            ×
          </button>
        </div>
      ))}
      <button
        type="button"
        onClick={() => put({ variables: [...env.variables, { name: '', value: '', secret: false }] })}
      >
        Add variable
      </button>
    </fieldset>
  );
}
