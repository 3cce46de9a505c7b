import { useState } from 'react';
import { useComposer } from '../../stores/composer';
import type { BinaryEncoding, ComposerMode } from './composer-model';

interface Message {
  mode: ComposerMode;
  encoding: BinaryEncoding;
  input: string;
}

/** Named messages: keep the editor's message under a name, load one back, delete one. */
export function MessageTemplates({ current, onLoad }: { current: Message; onLoad(m: Message): void }) {
  const templates = useComposer((s) => s.templates);
  const [name, setName] = useState('');
  const trimmed = name.trim();
  const replaces = templates.some((t) => t.name === trimmed);
  return (
    <section className="composer-templates" aria-label="Templates">
      <h3>Templates ({templates.length})</h3>
      <form
        className="composer-template-save"
        onSubmit={(e) => {
          e.preventDefault();
          if (!trimmed) return;
          useComposer.getState().saveTemplate({ name: trimmed, ...current });
          setName('');
        }}
      >
        <input
          aria-label="Template name"
          placeholder="Name for this message"
          value={name}
          maxLength={80}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" disabled={!trimmed || current.input === ''}>
          {replaces ? 'Replace template' : 'Save as template'}
        </button>
      </form>
      {templates.length > 0 && (
        <ul className="composer-template-list" aria-label="Message templates">
          {templates.map((t) => (
            <li key={t.name}>
              <button type="button" className="link" title="Load into the editor" onClick={() => onLoad(t)}>
                <strong>{t.name}</strong>
              </button>
              <span className="composer-kind">{t.mode === 'binary' ? `binary/${t.encoding}` : t.mode}</span>
              <span className="composer-summary">{t.input.replace(/\s+/g, ' ').slice(0, 80)}</span>
              <button
                type="button"
                aria-label={`Delete template ${t.name}`}
                onClick={() => useComposer.getState().deleteTemplate(t.name)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
