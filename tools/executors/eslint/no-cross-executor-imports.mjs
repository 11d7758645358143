import { dirname, resolve, sep } from 'node:path';

/** The executor folder a path lies in (`src/executors/<name>/...`), if any. */
function executorOf(path) {
  const marker = `${sep}src${sep}executors${sep}`;
  const at = path.lastIndexOf(marker);
  return at === -1 ? undefined : path.slice(at + marker.length).split(sep)[0];
}

/**
 * An executor's folder is its own: code two executors need lives in src/utils/, so a change to one
 * executor can only affect that executor and the targets that run it. Shared code never imports an
 * executor's folder either.
 */
export const noCrossExecutorImports = {
  meta: {
    type: 'problem',
    docs: { description: "Forbid imports of another executor's folder; shared code goes to src/utils/." },
    messages: {
      cross:
        "'{{source}}' is in the folder of the {{target}} executor: move what both need to src/utils/ and import it from there.",
    },
    schema: [],
  },
  create(context) {
    const own = executorOf(context.filename);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = executorOf(resolve(dirname(context.filename), source));
      if (target && target !== own) context.report({ node, messageId: 'cross', data: { source, target } });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { 'no-cross-executor-imports': noCrossExecutorImports } };
