// A small ESLint plugin holding the import boundaries of docs/architecture.md. It resolves each
// relative import to the src/ folder it lands in, so `../../core/x` and `../core/x` are judged the
// same, which path patterns in `no-restricted-imports` cannot do.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

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
      // `#shared/x` is package.json's subpath import of src/shared/x.ts: judged like the relative
      // import it stands for, so an alias can never carry an import past the layers.
      const alias = /^#([\w-]+)\/(.+)$/.exec(spec);
      if (!spec.startsWith('.') && !alias) {
        if (spec === 'electron' && layer !== 'main' && layer !== 'preload')
          context.report({ node, message: `src/${layer} must not import electron (only main and preload do)` });
        if (NODE_BUILTINS.has(spec) && (layer === 'renderer' || layer === 'shared'))
          context.report({ node, message: `src/${layer} runs in the browser too: no Node built-in '${spec}'` });
        return;
      }
      const to = srcPath(
        alias ? resolve(srcRoot, alias[1], alias[2]) : resolve(dirname(context.filename), spec),
        srcRoot,
      );
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
