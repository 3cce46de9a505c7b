/**
 * Reads a workspace from another tool's export: a Streamscope workspace file, a Postman
 * collection v2.1 (or v2.0) and an Insomnia export (format 4). Requests keep their method, URL,
 * headers and body; folders stay folders; Postman collection variables and Insomnia environments
 * become environments (variables named like keys, tokens, secrets or passwords are marked
 * secret). What cannot be carried over is said in `warnings`; a file that is none of these is one
 * error line.
 */
import { errorMessage } from './error-message';
import { isSecretParam } from './redact';
import {
  EMPTY_DRAFT,
  isCollectionList,
  isEnvironmentList,
  newId,
  WORKSPACE_FORMAT,
  WORKSPACE_LIMITS,
  copyItem,
  type Environment,
  type Folder,
  type RequestDraft,
  type Variable,
  type WorkspaceItem,
} from './workspace';

export interface ImportedWorkspace {
  /** What the file was, for the user: "Postman collection", "Insomnia export"... */
  kind: string;
  collections: Folder[];
  environments: Environment[];
  warnings: string[];
}

export type ImportResult = { ok: true; value: ImportedWorkspace } | { ok: false; error: string };

/** The largest file read (characters). */
export const MAX_IMPORT_CHARS = 16 * 1024 * 1024;

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** Variable values in both tools may be numbers or booleans. */
/** A value in a message: its text when it is a scalar, else its JSON type. */
const shown = (v: unknown): string => scalar(v) ?? (Array.isArray(v) ? 'array' : typeof v);
const scalar = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;

/** Counts items as they are made, so a huge file stops with one line instead of filling storage. */
class Budget {
  items = 0;
  take(): void {
    if (++this.items > WORKSPACE_LIMITS.items)
      throw new ImportError(`more than ${WORKSPACE_LIMITS.items} requests and folders`);
  }
}

class ImportError extends Error {}

function variable(name: string, value: string, markedSecret: boolean): Variable {
  return { name, value, secret: markedSecret || isSecretParam(name) };
}

function draft(method: string, url: string, headers: Array<[string, string]>, body: string): RequestDraft {
  return { ...EMPTY_DRAFT, method: method.toUpperCase() || 'GET', url, headers, body };
}

// --- Postman collection v2.1 ----------------------------------------------------------------

function postmanUrl(url: unknown): string {
  if (typeof url === 'string') return url;
  if (!isRecord(url)) return '';
  if (typeof url.raw === 'string') return url.raw;
  // Without `raw`, put it together from its parts.
  const host = Array.isArray(url.host)
    ? url.host.filter((x) => typeof x === 'string').join('.')
    : (str(url.host) ?? '');
  const path = Array.isArray(url.path)
    ? url.path.filter((x) => typeof x === 'string').join('/')
    : (str(url.path) ?? '');
  const protocol = str(url.protocol);
  return `${protocol ? `${protocol}://` : ''}${host}${path ? `/${path}` : ''}`;
}

function postmanAuthHeader(auth: unknown, where: string, warnings: string[]): Array<[string, string]> {
  if (!isRecord(auth) || auth.type === 'noauth' || auth.type === undefined) return [];
  const type = shown(auth.type);
  const params = Array.isArray(auth[type]) ? (auth[type] as unknown[]) : [];
  const param = (key: string): string | undefined => {
    const p = params.find((x) => isRecord(x) && x.key === key);
    return isRecord(p) ? scalar(p.value) : undefined;
  };
  if (type === 'bearer') return [['Authorization', `Bearer ${param('token') ?? ''}`]];
  if (type === 'apikey' && (param('in') ?? 'header') === 'header')
    return [[param('key') ?? 'X-API-Key', param('value') ?? '']];
  warnings.push(`${where}: "${type}" authentication is not imported; add its header by hand`);
  return [];
}

function postmanRequest(item: Json, name: string, inheritedAuth: unknown, warnings: string[]): WorkspaceItem {
  const req = item.request;
  if (typeof req === 'string') return { kind: 'request', id: newId(), name, draft: draft('GET', req, [], '') };
  const r = isRecord(req) ? req : {};
  const headers: Array<[string, string]> = [];
  if (Array.isArray(r.header)) {
    for (const h of r.header) {
      if (!isRecord(h) || h.disabled === true) continue;
      const key = str(h.key);
      if (key) headers.push([key, scalar(h.value) ?? '']);
    }
  }
  const auth = r.auth !== undefined ? r.auth : inheritedAuth;
  const hasAuthorization = headers.some(([n]) => n.toLowerCase() === 'authorization');
  if (!hasAuthorization) headers.push(...postmanAuthHeader(auth, name, warnings));
  let body = '';
  if (isRecord(r.body)) {
    const mode = r.body.mode;
    if (mode === 'raw') body = str(r.body.raw) ?? '';
    else if (mode === 'graphql' && isRecord(r.body.graphql)) body = JSON.stringify(r.body.graphql);
    else if (mode === 'urlencoded' && Array.isArray(r.body.urlencoded))
      body = r.body.urlencoded
        .filter((p): p is Json => isRecord(p) && p.disabled !== true)
        .map((p) => `${encodeURIComponent(scalar(p.key) ?? '')}=${encodeURIComponent(scalar(p.value) ?? '')}`)
        .join('&');
    else if (mode !== undefined) warnings.push(`${name}: a "${shown(mode)}" body is not imported`);
  }
  return { kind: 'request', id: newId(), name, draft: draft(str(r.method) ?? 'GET', postmanUrl(r.url), headers, body) };
}

function postmanItems(
  list: unknown,
  auth: unknown,
  depth: number,
  budget: Budget,
  warnings: string[],
): WorkspaceItem[] {
  if (!Array.isArray(list)) return [];
  if (depth > WORKSPACE_LIMITS.depth) throw new ImportError(`folders nested deeper than ${WORKSPACE_LIMITS.depth}`);
  const out: WorkspaceItem[] = [];
  for (const entry of list) {
    if (!isRecord(entry)) continue;
    budget.take();
    const name = str(entry.name) ?? 'Untitled';
    if (Array.isArray(entry.item)) {
      const folderAuth = entry.auth !== undefined ? entry.auth : auth;
      out.push({
        kind: 'folder',
        id: newId(),
        name,
        items: postmanItems(entry.item, folderAuth, depth + 1, budget, warnings),
      });
    } else if (entry.request !== undefined) {
      out.push(postmanRequest(entry, name, auth, warnings));
    }
  }
  return out;
}

function fromPostman(doc: Json): ImportedWorkspace {
  const info = doc.info as Json;
  const name = str(info.name) ?? 'Postman collection';
  const warnings: string[] = [];
  const items = postmanItems(doc.item, doc.auth, 1, new Budget(), warnings);
  const environments: Environment[] = [];
  if (Array.isArray(doc.variable)) {
    const variables = doc.variable
      .filter((v): v is Json => isRecord(v) && typeof v.key === 'string' && v.disabled !== true)
      .map((v) => variable(v.key as string, scalar(v.value) ?? '', v.type === 'secret'));
    if (variables.length) environments.push({ id: newId(), name: `${name} variables`, variables });
  }
  return {
    kind: 'Postman collection',
    collections: [{ kind: 'folder', id: newId(), name, items }],
    environments,
    warnings,
  };
}

// --- Insomnia export (format 4) ---------------------------------------------------------------

/** Insomnia writes `{{ _.name }}` (and `{{ _['name'] }}`); Streamscope writes `{{name}}`. */
function fromInsomniaTemplate(text: string): string {
  return text
    .replace(/\{\{\s*_\.([A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*)\s*\}\}/g, '{{$1}}')
    .replace(/\{\{\s*_\[\s*['"]([^'"]+)['"]\s*\]\s*\}\}/g, '{{$1}}');
}

function insomniaRequest(r: Json, warnings: string[]): WorkspaceItem {
  const name = str(r.name) ?? 'Untitled';
  const headers: Array<[string, string]> = [];
  if (Array.isArray(r.headers)) {
    for (const h of r.headers) {
      if (!isRecord(h) || h.disabled === true || !str(h.name)) continue;
      headers.push([fromInsomniaTemplate(h.name as string), fromInsomniaTemplate(scalar(h.value) ?? '')]);
    }
  }
  const auth = isRecord(r.authentication) ? r.authentication : {};
  if (auth.type === 'bearer' && auth.disabled !== true && !headers.some(([n]) => n.toLowerCase() === 'authorization'))
    headers.push(['Authorization', `${str(auth.prefix) || 'Bearer'} ${fromInsomniaTemplate(str(auth.token) ?? '')}`]);
  else if (auth.type !== undefined && auth.type !== 'bearer' && auth.type !== 'none')
    warnings.push(`${name}: "${shown(auth.type)}" authentication is not imported; add its header by hand`);
  const body = isRecord(r.body) ? fromInsomniaTemplate(str(r.body.text) ?? '') : '';
  if (isRecord(r.body) && r.body.text === undefined && r.body.mimeType !== undefined)
    warnings.push(`${name}: a "${shown(r.body.mimeType)}" body is not imported`);
  return {
    kind: 'request',
    id: newId(),
    name,
    draft: draft(str(r.method) ?? 'GET', fromInsomniaTemplate(str(r.url) ?? ''), headers, body),
  };
}

/** Flattens an environment's data: nested objects become dotted names (`{{api.key}}`). */
function insomniaVariables(data: unknown, prefix = '', out: Variable[] = []): Variable[] {
  if (!isRecord(data)) return out;
  for (const [key, value] of Object.entries(data)) {
    if (out.length >= WORKSPACE_LIMITS.variables) break;
    const name = prefix + key;
    if (isRecord(value)) insomniaVariables(value, `${name}.`, out);
    else {
      const v = scalar(value);
      if (v !== undefined) out.push(variable(name, fromInsomniaTemplate(v), false));
    }
  }
  return out;
}

function fromInsomnia(doc: Json): ImportedWorkspace {
  const resources = (doc.resources as unknown[]).filter(isRecord);
  const warnings: string[] = [];
  const budget = new Budget();
  const children = new Map<string, Json[]>();
  for (const r of resources) {
    const parent = str(r.parentId) ?? '';
    children.set(parent, [...(children.get(parent) ?? []), r]);
  }
  const itemsUnder = (parentId: string, depth: number): WorkspaceItem[] => {
    if (depth > WORKSPACE_LIMITS.depth) throw new ImportError(`folders nested deeper than ${WORKSPACE_LIMITS.depth}`);
    const out: WorkspaceItem[] = [];
    for (const r of children.get(parentId) ?? []) {
      if (r._type === 'request_group') {
        budget.take();
        out.push({
          kind: 'folder',
          id: newId(),
          name: str(r.name) ?? 'Untitled',
          items: itemsUnder(String(r._id), depth + 1),
        });
      } else if (r._type === 'request') {
        budget.take();
        out.push(insomniaRequest(r, warnings));
      } else if (r._type === 'websocket_request' || r._type === 'grpc_request') {
        warnings.push(`${str(r.name) ?? 'Untitled'}: a ${String(r._type)} is not imported`);
      }
    }
    return out;
  };
  const workspaces = resources.filter((r) => r._type === 'workspace');
  const collections: Folder[] = workspaces.map((w) => ({
    kind: 'folder',
    id: newId(),
    name: str(w.name) ?? 'Insomnia workspace',
    items: itemsUnder(String(w._id), 1),
  }));
  // Requests whose workspace is not in the file still come along.
  const known = new Set(resources.map((r) => String(r._id)));
  const orphans = resources.filter(
    (r) => (r._type === 'request' || r._type === 'request_group') && !known.has(String(r.parentId)),
  );
  if (orphans.length) {
    const parents = [...new Set(orphans.map((r) => String(r.parentId)))];
    collections.push({
      kind: 'folder',
      id: newId(),
      name: 'Insomnia requests',
      items: parents.flatMap((p) => itemsUnder(p, 1)),
    });
  }
  // A base environment's variables are the defaults of its sub-environments: merged, as Insomnia does.
  const environments: Environment[] = [];
  const envs = resources.filter((r) => r._type === 'environment');
  const envIds = new Set(envs.map((e) => String(e._id)));
  for (const e of envs) {
    if (environments.length >= WORKSPACE_LIMITS.environments) break;
    const base = envIds.has(String(e.parentId)) ? envs.find((b) => b._id === e.parentId) : undefined;
    const own = insomniaVariables(e.data);
    const inherited = base ? insomniaVariables(base.data).filter((v) => !own.some((o) => o.name === v.name)) : [];
    environments.push({ id: newId(), name: str(e.name) ?? 'Environment', variables: [...inherited, ...own] });
  }
  return { kind: 'Insomnia export', collections, environments, warnings };
}

// --- Streamscope's own file -----------------------------------------------------------------

function fromStreamscope(doc: Json): ImportedWorkspace {
  if (doc.version !== 1) throw new ImportError(`workspace file version ${String(doc.version)} is not supported (1 is)`);
  if (!isCollectionList(doc.collections))
    throw new ImportError('its "collections" are not a list of folders of requests');
  if (!isEnvironmentList(doc.environments)) throw new ImportError('its "environments" are not a list of environments');
  const budget = new Budget();
  const count = (items: WorkspaceItem[]): void =>
    items.forEach((x) => {
      budget.take();
      if (x.kind === 'folder') count(x.items);
    });
  count(doc.collections);
  // Fresh ids: importing the same file twice gives two copies, never two items with one id.
  return {
    kind: 'Streamscope workspace',
    collections: doc.collections.map((c) => copyItem(c)),
    environments: doc.environments.map((e) => ({ ...e, id: newId(), variables: e.variables.map((v) => ({ ...v })) })),
    warnings: [],
  };
}

/** Reads any supported workspace file. */
export function importWorkspace(name: string, text: string): ImportResult {
  const fail = (why: string): ImportResult => ({ ok: false, error: `${name}: ${why}`.split('\n')[0]! });
  if (text.length > MAX_IMPORT_CHARS) return fail(`larger than ${MAX_IMPORT_CHARS} characters`);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return fail(`not JSON (${errorMessage(err)})`);
  }
  if (!isRecord(doc)) return fail('not a workspace, Postman collection or Insomnia export (expected a JSON object)');
  try {
    if (doc.format === WORKSPACE_FORMAT) return { ok: true, value: fromStreamscope(doc) };
    if (isRecord(doc.info) && Array.isArray(doc.item)) {
      const schema = str(doc.info.schema) ?? '';
      if (!/collection\/v2\.[01]\.\d+\/collection\.json$/.test(schema))
        return fail(`Postman collection schema "${schema.slice(0, 100)}" is not supported (v2.1 and v2.0 are)`);
      return { ok: true, value: fromPostman(doc) };
    }
    if (doc._type === 'export' && Array.isArray(doc.resources)) {
      if (doc.__export_format !== 4)
        return fail(`Insomnia export format ${String(doc.__export_format)} is not supported (4 is)`);
      return { ok: true, value: fromInsomnia(doc) };
    }
  } catch (err) {
    if (err instanceof ImportError || err instanceof RangeError) return fail(err.message);
    throw err;
  }
  return fail(
    'not a workspace, Postman collection v2.1 or Insomnia export (no "format", "info"/"item" or "_type": "export")',
  );
}
