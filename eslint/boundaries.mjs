// A small ESLint plugin holding the import boundaries of docs/architecture.md. It resolves each
// relative import to the src/ folder it lands in, so `../../core/x` and `../core/x` are judged the
// same, which path patterns in `no-restricted-imports` cannot do.
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The src/ folders each src/ folder may import from (besides itself). */
export const LAYERS = {
  shared: [],
  core: ['shared'],
  main: ['core', 'shared'],
  preload: ['shared'],
  host: ['core', 'shared'],
  // `streamscope ui` starts the browser host: the one place the CLI composes another adapter.
  cli: ['core', 'shared', 'host'],
  renderer: ['shared'],
};

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const importsByRoot = new Map();
function subpathImports(projectRoot) {
  if (!importsByRoot.has(projectRoot))
    importsByRoot.set(projectRoot, JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')).imports ?? {});
  return importsByRoot.get(projectRoot);
}

/**
 * The file a subpath import (`#shared/x`) stands for, by package.json's `imports` (read there, not
 * restated here), or undefined for any other specifier. Judged like that file's relative import,
 * an alias can never carry an import past the layers.
 */
function subpathTarget(spec, projectRoot) {
  if (!spec.startsWith('#')) return undefined;
  for (const [pattern, target] of Object.entries(subpathImports(projectRoot))) {
    const prefix = pattern.replace(/\*$/, '');
    if (spec.startsWith(prefix)) return resolve(projectRoot, target.replace('*', spec.slice(prefix.length)));
  }
  return undefined;
}

function srcPath(file, srcRoot) {
  const rel = relative(srcRoot, file);
  return rel.startsWith('..') ? undefined : rel.split(sep);
}

/** features/<name>/... → name; anything else → undefined. */
function featureOf(parts) {
  return parts[1] === 'features' && parts.length > 3 ? parts[2] : undefined;
}

const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layers of docs/architecture.md' },
    schema: [],
  },
  create(context) {
    const srcRoot = resolve(context.cwd, 'src');
    const from = srcPath(context.filename, srcRoot);
    if (!from || from.length < 2) return {};
    const layer = from[0];
    const allowed = LAYERS[layer];
    if (!allowed) return {};

    function check(node, spec) {
      if (typeof spec !== 'string') return;
      const alias = subpathTarget(spec, context.cwd);
      if (!spec.startsWith('.') && !alias) {
        if (spec === 'electron' && layer !== 'main' && layer !== 'preload')
          context.report({ node, message: `src/${layer} must not import electron (only main and preload do)` });
        if (NODE_BUILTINS.has(spec) && (layer === 'renderer' || layer === 'shared'))
          context.report({ node, message: `src/${layer} runs in the browser too: no Node built-in '${spec}'` });
        return;
      }
      const to = srcPath(alias ?? resolve(dirname(context.filename), spec), srcRoot);
      if (!to) return;
      const target = to[0];
      if (target !== layer && !allowed.includes(target)) {
        const may = allowed.length ? allowed.map((l) => `src/${l}`).join(', ') : 'nothing else of ours';
        context.report({ node, message: `src/${layer} may import only ${may}, not '${spec}'` });
        return;
      }
      if (layer !== 'renderer' || target !== 'renderer' || to[1] !== 'features') return;
      // Inside the renderer: a feature is used through its folder (its index), never its files;
      // lib/, stores/, components/ and bridge/ sit below the features and import none of them.
      const fromFeature = featureOf(from);
      const toFeature = to[2];
      const isEntry = to.length === 3 || (to.length === 4 && /^index(\.tsx?)?$/.test(to[3]));
      if (fromFeature === toFeature) return;
      if (from.length === 2) {
        if (!isEntry)
          context.report({ node, message: `import the feature '${toFeature}' by its folder, not '${spec}'` });
        return;
      }
      if (!fromFeature) {
        context.report({
          node,
          message: `src/renderer/${from[1]} sits below the features: it must not import '${spec}'`,
        });
        return;
      }
      if (!isEntry)
        context.report({
          node,
          message: `feature '${fromFeature}' must not reach into feature '${toFeature}' ('${spec}'): import its folder, or move the shared part to src/renderer/lib`,
        });
    }

    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { meta: { name: 'streamscope-boundaries' }, rules: { layers } };
