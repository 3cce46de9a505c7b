// Workspaces: variable substitution, secrets at rest, tree operations, export and the imports
// (Streamscope's own file, a Postman collection v2.1, an Insomnia export v4) from sample files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  draftForStorage,
  duplicateItem,
  EMPTY_DRAFT,
  exportWorkspace,
  addToFolder,
  moveItem,
  removeItem,
  renameItem,
  requestsOf,
  substituteDraft,
  type Folder,
  type RequestDraft,
  type SavedRequest,
  type Variable,
  type WorkspaceItem,
} from '../../src/shared/workspace';
import { importWorkspace } from '../../src/shared/workspace-import';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

const vars: Variable[] = [
  { name: 'baseUrl', value: 'http://127.0.0.1:9000', secret: false },
  { name: 'token', value: 'tok-123', secret: true },
  { name: 'model', value: 'm1', secret: false },
];

const req = (name: string, url = 'http://x/'): SavedRequest => ({
  kind: 'request',
  id: `id-${name}`,
  name,
  draft: { ...EMPTY_DRAFT, url },
});

describe('variables', () => {
  it('substitutes {{name}} in the URL, header names and values, and the body, and lists the secrets it used', () => {
    const draft: RequestDraft = {
      ...EMPTY_DRAFT,
      method: 'POST',
      url: '{{baseUrl}}/v1/stream?key={{ token }}',
      headers: [['Authorization', 'Bearer {{token}}']],
      body: '{"model":"{{model}}"}',
    };
    const r = substituteDraft(draft, vars);
    expect(r).toEqual({
      ok: true,
      secrets: ['tok-123'],
      draft: {
        ...draft,
        url: 'http://127.0.0.1:9000/v1/stream?key=tok-123',
        headers: [['Authorization', 'Bearer tok-123']],
        body: '{"model":"m1"}',
      },
    });
  });

  it('an undefined variable is one line naming it, and nothing is connected', () => {
    const r = substituteDraft({ ...EMPTY_DRAFT, url: '{{host}}/a', body: '{{other}} {{host}}' }, vars);
    expect(r).toEqual({ ok: false, error: '{{host}}, {{other}} are not defined in the active environment' });
  });

  it('leaves text without references alone', () => {
    const draft = { ...EMPTY_DRAFT, url: 'http://x/{not}/{{ }}' };
    expect(substituteDraft(draft, [])).toEqual({ ok: true, draft, secrets: [] });
  });
});

describe('secrets at rest', () => {
  it('redacts secret header values and URL credentials unless they are {{variable}} references', () => {
    const stored = draftForStorage({
      ...EMPTY_DRAFT,
      url: 'https://user:pw@api.test/s?api_key=abc&q=1&token={{token}}',
      headers: [
        ['Authorization', 'Bearer sk-live-1'],
        ['X-Api-Key', '{{apiKey}}'],
        ['Cookie', 'sid=1'],
        ['Accept', 'text/event-stream'],
        ['Authorization', ''],
      ],
    });
    expect(stored.url).toBe('https://[redacted]@api.test/s?api_key=[redacted]&q=1&token={{token}}');
    expect(stored.headers).toEqual([
      ['Authorization', '[redacted]'],
      ['X-Api-Key', '{{apiKey}}'],
      ['Cookie', '[redacted]'],
      ['Accept', 'text/event-stream'],
      ['Authorization', ''],
    ]);
  });

  it('exports collections with secrets redacted and secret variables without their values', () => {
    const collections: Folder[] = [
      {
        kind: 'folder',
        id: 'c',
        name: 'C',
        items: [
          { ...req('a'), draft: { ...EMPTY_DRAFT, url: 'http://x/', headers: [['Authorization', 'Bearer raw-1']] } },
        ],
      },
    ];
    const text = exportWorkspace(collections, [{ id: 'e', name: 'Dev', variables: vars }]);
    expect(text).not.toContain('raw-1');
    expect(text).not.toContain('tok-123');
    const back = importWorkspace('ws.json', text);
    if (!back.ok) throw new Error(back.error);
    expect(back.value.kind).toBe('Streamscope workspace');
    expect(back.value.environments[0]!.variables).toEqual([
      vars[0],
      { name: 'token', value: '', secret: true },
      vars[2],
    ]);
    const [saved] = requestsOf(back.value.collections);
    expect(saved!.draft.headers).toEqual([['Authorization', '[redacted]']]);
    // Fresh ids on import: the same file twice gives two copies.
    expect(back.value.collections[0]!.id).not.toBe('c');
  });
});

describe('tree operations', () => {
  const tree = (): Folder[] => [
    {
      kind: 'folder',
      id: 'c1',
      name: 'One',
      items: [req('a'), { kind: 'folder', id: 'f', name: 'F', items: [req('b'), req('c')] }],
    },
    { kind: 'folder', id: 'c2', name: 'Two', items: [] },
  ];
  const names = (items: readonly WorkspaceItem[]): unknown =>
    items.map((x) => (x.kind === 'folder' ? { [x.name]: names(x.items) } : x.name));

  it('renames, reorders, duplicates and removes at any depth', () => {
    let t = tree();
    t = renameItem(t, 'id-c', 'see');
    t = moveItem(t, 'id-c', -1);
    t = moveItem(t, 'id-c', -1); // already first: stays
    t = duplicateItem(t, 'f');
    t = moveItem(t, 'c2', -1);
    t = removeItem(t, 'id-a');
    t = addToFolder(t, 'c2', req('z'));
    expect(names(t)).toEqual([{ Two: ['z'] }, { One: [{ F: ['see', 'b'] }, { 'F copy': ['see', 'b'] }] }]);
    const one = t[1]!;
    const [f, copy] = one.items as Folder[];
    expect(copy!.id).not.toBe(f!.id);
    expect(copy!.items[0]!.id).not.toBe(f!.items[0]!.id);
  });

  it('leaves the tree untouched (same object) for an unknown id', () => {
    const t = tree();
    expect(renameItem(t, 'nope', 'x')).toBe(t);
    expect(addToFolder(t, 'nope', req('q'))).toBe(t);
  });
});

describe('Postman collection v2.1 import', () => {
  const r = importWorkspace('llm.postman_collection.json', fixture('postman-llm-streams.postman_collection.json'));
  if (!r.ok) throw new Error(r.error);
  const ws = r.value;

  it('keeps folders as folders, and each request with its method, URL, enabled headers and body', () => {
    expect(ws.kind).toBe('Postman collection');
    const [collection] = ws.collections;
    expect(collection!.name).toBe('LLM streams');
    const shape = (items: readonly WorkspaceItem[]): unknown =>
      items.map((x) => (x.kind === 'folder' ? { [x.name]: shape(x.items) } : x.name));
    expect(shape(collection!.items)).toEqual([
      { Chat: ['Chat completion (stream)', { Nested: ['Events with an API key'] }] },
      'Health (no auth)',
      'Upload (form data)',
    ]);
    const [chat, events, health, upload] = requestsOf(ws.collections);
    expect(chat!.draft).toMatchObject({
      method: 'POST',
      url: '{{baseUrl}}/v1/chat/completions',
      headers: [
        ['Content-Type', 'application/json'],
        ['Accept', 'text/event-stream'],
        // The collection's bearer auth, inherited.
        ['Authorization', 'Bearer {{token}}'],
      ],
    });
    expect(JSON.parse(chat!.draft.body.replace('{{model}}', 'm'))).toMatchObject({ model: 'm', stream: true });
    expect(events!.draft).toMatchObject({
      method: 'GET',
      url: 'https://events.example.com/v2/stream',
      headers: [['X-Api-Key', '{{apiKey}}']],
    });
    expect(health!.draft.headers).toEqual([]);
    expect(upload!.draft.body).toBe('');
  });

  it('turns collection variables into an environment, secret ones marked, and says what it left out', () => {
    expect(ws.environments).toHaveLength(1);
    expect(ws.environments[0]!.name).toBe('LLM streams variables');
    expect(ws.environments[0]!.variables).toEqual([
      { name: 'baseUrl', value: 'https://api.example.com', secret: false },
      { name: 'model', value: 'gpt-4o-mini', secret: false },
      { name: 'token', value: 'sk-live-postman-0001', secret: true },
      // Named like a key: secret even though Postman called it a string.
      { name: 'apiKey', value: 'ak-postman-0002', secret: true },
    ]);
    expect(ws.warnings).toEqual([
      'Upload (form data): "digest" authentication is not imported; add its header by hand',
      'Upload (form data): a "formdata" body is not imported',
    ]);
  });
});

describe('Insomnia export v4 import', () => {
  const r = importWorkspace('insomnia.json', fixture('insomnia-export-v4.json'));
  if (!r.ok) throw new Error(r.error);
  const ws = r.value;

  it('keeps the workspace as a collection with its folders, and converts {{ _.var }} references', () => {
    expect(ws.kind).toBe('Insomnia export');
    expect(ws.collections.map((c) => c.name)).toEqual(['Streaming APIs']);
    const [messages, feed] = requestsOf(ws.collections);
    expect(ws.collections[0]!.items.map((x) => x.name)).toEqual(['Anthropic', 'Event feed']);
    expect(messages!.draft).toMatchObject({
      method: 'POST',
      url: '{{baseUrl}}/v1/messages',
      headers: [
        ['Content-Type', 'application/json'],
        ['x-api-key', '{{apiKey}}'],
        ['anthropic-version', '2023-06-01'],
      ],
      body: '{"model": "{{model}}", "stream": true, "max_tokens": 64}',
    });
    expect(feed!.draft).toMatchObject({ url: '{{baseUrl}}/events', headers: [['Authorization', 'Bearer {{token}}']] });
    expect(ws.warnings).toEqual(['Echo socket: a websocket_request is not imported']);
  });

  it('turns environments into environments, sub-environments inheriting the base, secrets marked', () => {
    expect(ws.environments.map((e) => e.name)).toEqual(['Base Environment', 'Local']);
    expect(ws.environments[1]!.variables).toEqual([
      { name: 'model', value: 'claude-test', secret: false },
      { name: 'retries', value: '3', secret: false },
      { name: 'baseUrl', value: 'http://127.0.0.1:8080', secret: false },
      { name: 'token', value: 'tok-insomnia-0003', secret: true },
      { name: 'apiKey', value: 'ak-insomnia-0004', secret: true },
      { name: 'auth.user', value: 'dev', secret: false },
    ]);
    // The imported request, substituted with the Local environment, is a real URL.
    const [, feed] = requestsOf(ws.collections);
    const r = substituteDraft(feed!.draft, ws.environments[1]!.variables);
    expect(r).toMatchObject({
      ok: true,
      secrets: ['tok-insomnia-0003'],
      draft: { url: 'http://127.0.0.1:8080/events' },
    });
  });
});

describe('bad imports get one clear line', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['not json', '{"info": ', /^x\.json: not JSON \(/],
    [
      'an array',
      '[1,2]',
      /^x\.json: not a workspace, Postman collection or Insomnia export \(expected a JSON object\)$/,
    ],
    ['another JSON', '{"hello": 1}', /^x\.json: not a workspace, Postman collection v2\.1 or Insomnia export/],
    [
      'Postman v1',
      '{"info": {"schema": "https://schema.getpostman.com/json/collection/v1.0.0/collection.json"}, "item": []}',
      /^x\.json: Postman collection schema ".*v1\.0\.0.*" is not supported \(v2\.1 and v2\.0 are\)$/,
    ],
    [
      'Insomnia v3',
      '{"_type": "export", "__export_format": 3, "resources": []}',
      /^x\.json: Insomnia export format 3 is not supported \(4 is\)$/,
    ],
    [
      'a damaged workspace',
      '{"format": "streamscope-workspace", "version": 1, "collections": [{"kind": "folder"}], "environments": []}',
      /^x\.json: its "collections" are not a list of folders of requests$/,
    ],
    [
      'a future workspace',
      '{"format": "streamscope-workspace", "version": 2}',
      /^x\.json: workspace file version 2 is not supported \(1 is\)$/,
    ],
  ];
  for (const [what, text, error] of cases) {
    it(what, () => {
      const r = importWorkspace('x.json', text);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error).toMatch(error);
        expect(r.error).not.toContain('\n');
      }
    });
  }

  it('folders nested without end stop at the depth bound', () => {
    let item: unknown = { name: 'leaf', request: { url: 'http://x/' } };
    for (let i = 0; i < 40; i++) item = { name: `f${i}`, item: [item] };
    const text = JSON.stringify({
      info: { schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item: [item],
    });
    expect(importWorkspace('deep.json', text)).toEqual({
      ok: false,
      error: 'deep.json: folders nested deeper than 16',
    });
  });

  it('more than 5000 requests stop with one line', () => {
    const item = Array.from({ length: 5001 }, (_, i) => ({ name: `r${i}`, request: { url: 'http://x/' } }));
    const text = JSON.stringify({
      info: { schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      item,
    });
    expect(importWorkspace('big.json', text)).toEqual({
      ok: false,
      error: 'big.json: more than 5000 requests and folders',
    });
  });
});
