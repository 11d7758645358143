import type { ProjectScan } from '../workspace/project-scan.js';
import { npm, NODE_RUNTIME, type InferredParts } from './common.js';

const PRETTIER_EXTENSIONS = 'js,jsx,mjs,cjs,ts,tsx,mts,cts,json,md,mdx,yml,yaml,css,scss,html';
const PRETTIER_FILE = new RegExp(`\\.(?:${PRETTIER_EXTENSIONS.replaceAll(',', '|')})$`);

/** .prettierignore's patterns as negated Nx inputs (a folder pattern covers what is inside it). */
export function ignoredByPrettier(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'))
    .map((l) => l.replace(/^\//, '').replace(/\/$/, ''))
    .flatMap((p) =>
      p.includes('/')
        ? [`!{workspaceRoot}/${p}`, `!{workspaceRoot}/${p}/**/*`]
        : [`!{workspaceRoot}/**/${p}`, `!{workspaceRoot}/**/${p}/**/*`],
    );
}

/**
 * `format`: prettier --check over the project's files (the root project: the files no other project
 * owns). .prettierignore at the root says what is left alone (recorded fixtures keep their bytes).
 */
export function inferFormat(scan: ProjectScan, prettierIgnore: string | undefined): InferredParts {
  const ignore = prettierIgnore ?? '';
  const paths =
    scan.root === '.'
      ? [
          ...new Set(
            scan.files.map((f) =>
              f.split('/')[0] === 'tools' ? 'tools/scripts' : (f.split('/')[0] as string),
            ),
          ),
        ].sort()
      : [scan.root];
  if (paths.length === 0) return { targets: {} };
  return {
    targets: {
      format: {
        command: `prettier --check --ignore-unknown --log-level warn ${paths.join(' ')}`,
        cache: true,
        inputs: [
          // The files Prettier formats, minus what .prettierignore leaves alone (locks, recorded data);
          // for the root project, only the paths it checks (the other projects' files are theirs).
          ...(scan.root === '.'
            ? paths.flatMap((p) =>
                scan.files.includes(p)
                  ? PRETTIER_FILE.test(p)
                    ? [`{workspaceRoot}/${p}`]
                    : []
                  : [`{workspaceRoot}/${p}/**/*.{${PRETTIER_EXTENSIONS}}`],
              )
            : [`{projectRoot}/**/*.{${PRETTIER_EXTENSIONS}}`]),
          ...ignoredByPrettier(ignore),
          '{workspaceRoot}/.prettierrc.json',
          '{workspaceRoot}/.prettierignore',
          NODE_RUNTIME,
          ...(npm(['prettier']) ?? []),
        ],
        outputs: [],
        metadata: {
          technologies: ['prettier'],
          description:
            'Check that the files are formatted with Prettier (write them with `npx prettier --write <path>`).',
          help: { command: `npx prettier --write ${paths.join(' ')}`, example: {} },
        },
      },
    },
    groups: { Lint: ['format'] },
    lint: ['format'],
  };
}
