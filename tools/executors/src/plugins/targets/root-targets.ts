import type { ProjectScan } from '../workspace/project-scan.js';
import { npm, type InferredParts } from './common.js';

/**
 * The workspace root project: `python-env` (sync .venv from uv.lock; never cached, the venv holds
 * absolute paths) when there is a uv.lock, and `actionlint` over the GitHub Actions workflows when
 * there are any.
 */
export function inferRoot(scan: ProjectScan): InferredParts {
  if (scan.root !== '.') return { targets: {} };
  const parts: InferredParts = { targets: {}, lint: [], groups: {} };
  if (scan.has('uv.lock')) {
    parts.targets['python-env'] = {
      command: 'node tools/scripts/python-env.mjs',
      cache: false,
      metadata: {
        technologies: ['python', 'uv'],
        description:
          'Create or update the root .venv from uv.lock (bootstraps uv into .tools/uv when it is missing); a no-op when nothing changed.',
      },
    };
    parts.groups = { Python: ['python-env'] };
  }
  if (scan.files.some((f) => f.startsWith('.github/workflows/'))) {
    parts.targets['actionlint'] = {
      command: 'node tools/scripts/actionlint.mjs',
      cache: true,
      inputs: [
        '{workspaceRoot}/.github/**/*',
        '{workspaceRoot}/tools/scripts/actionlint.mjs',
        ...(npm([]) ?? []),
      ],
      outputs: [],
      metadata: {
        technologies: ['github-actions'],
        description:
          'Lint the GitHub Actions workflows and composite actions with actionlint (pinned, built from the Go module proxy).',
      },
    };
    parts.lint?.push('actionlint');
    parts.groups = { ...parts.groups, CI: ['actionlint'] };
  }
  return parts;
}
