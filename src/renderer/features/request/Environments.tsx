import { useCallback, useRef, useState } from 'react';
import { Menu, menuBelow } from '../../components/Menu';
import type { Environment, Variable } from '#shared/workspace';
import { noImplicitSubmit } from '../../lib/no-implicit-submit';
import { useEscape } from '../../lib/use-escape';
import { useFocusOnOpen } from '../../lib/use-focus-on-open';
import { useWorkspace } from '../../stores/workspace';

/**
 * The active environment, and its variables: `{{name}}` in the URL, headers or body is replaced
 * at connect time. A secret variable's value stays in this app's storage: recordings, HARs and
 * exports show "[redacted]" or leave it out. One menu button, named after the active environment,
 * switches environments (as a select would, in two clicks) and opens the variables: a select and
 * a Variables button of their own took room the URL field needs.
 */
export function Environments() {
  const environments = useWorkspace((s) => s.environments);
  const activeId = useWorkspace((s) => s.activeEnvironment);
  const active = environments.find((e) => e.id === activeId) ?? null;
  const [menuAt, setMenuAt] = useState<{ x: number; y: number } | null>(null);
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const dialog = useFocusOnOpen<HTMLDivElement>(open);
  useEscape(
    open,
    useCallback(() => setOpen(false), []),
    button,
  );
  const name = active?.name ?? 'No environment';
  const choose = (id: string | null) => useWorkspace.getState().setActiveEnvironment(id);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="environment-button"
        aria-haspopup="menu"
        aria-expanded={menuAt !== null}
        aria-label={`Environment: ${name}`}
        title="Switch environments, or edit the variables that fill {{name}} in the URL, headers and body"
        onClick={(e) => setMenuAt(menuAt ? null : menuBelow(e.currentTarget))}
      >
        <span className="environment-name">{name}</span> ▾
      </button>
      {menuAt && (
        <Menu
          label="Environment"
          at={menuAt}
          onClose={() => setMenuAt(null)}
          items={[
            { id: '', label: 'No environment', checked: active === null, onSelect: () => choose(null) },
            ...environments.map((e) => ({
              id: e.id,
              label: e.name,
              checked: e.id === active?.id,
              onSelect: () => choose(e.id),
            })),
            { id: 'variables', label: 'Variables…', onSelect: () => setOpen(true) },
          ]}
        />
      )}
      {open && (
        <div
          ref={dialog}
          className="popover environments"
          role="dialog"
          aria-label="Environment variables"
          onKeyDown={noImplicitSubmit}
        >
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
            {/* No button toggles the dialog any more (the menu opens it): it closes here or on Esc. */}
            <span className="spacer" />
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                button.current?.focus();
              }}
            >
              Close
            </button>
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
