import { parse as parseToml } from 'smol-toml';
import { pythonPackageInputs } from '../inputs/python-inputs.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { PYTHON_ENV, type InferredParts } from './common.js';

interface PyProject {
  project?: { name?: string };
  tool?: { pytest?: { ini_options?: { testpaths?: string[] } } };
}

/**
 * For the Python in a project:
 * - `ruff`: ruff check and ruff format --check over its .py files (the root ruff.toml holds the
 *   settings), wherever a project has Python;
 * - `pytest`: for a uv workspace member whose pyproject.toml configures pytest ([tool.pytest.ini_options]),
 *   run from the root .venv; it hashes the member's Python files, its pyproject and the locked packages
 *   the member and its dev group need.
 */
export function inferPython(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  const pythonFiles = scan.files.filter((f) => f.endsWith('.py'));
  const parts: InferredParts = { targets: {}, lint: [], test: [], groups: {} };
  const inRoot = scan.root === '.' ? '' : `${scan.root}/`;
  if (pythonFiles.length > 0 && scan.root !== '.') {
    parts.targets['ruff'] = {
      command: `.venv/bin/ruff check --quiet ${scan.root} && .venv/bin/ruff format --check --quiet ${scan.root}`,
      cache: true,
      inputs: [
        '{projectRoot}/**/*.py',
        '{workspaceRoot}/ruff.toml',
        ...pythonPackageInputs(facts.lock, { tools: ['ruff'] }),
      ],
      outputs: [],
      dependsOn: [PYTHON_ENV],
      metadata: {
        technologies: ['python', 'ruff'],
        description:
          'ruff check and ruff format --check over the Python files (fix with `.venv/bin/ruff format` and `ruff check --fix`).',
        help: { command: `.venv/bin/ruff check ${scan.root}`, example: {} },
      },
    };
    parts.lint?.push('ruff');
    parts.groups = { Python: ['ruff'] };
  }
  if (scan.root !== '.' && scan.has('pyproject.toml')) {
    const pyproject = parseToml(scan.read('pyproject.toml')) as PyProject;
    const pytest = pyproject.tool?.pytest?.ini_options;
    if (pytest) {
      parts.targets['pytest'] = {
        command: '../../.venv/bin/pytest'.replace('../../', '../'.repeat(scan.root.split('/').length)),
        options: { cwd: scan.root },
        cache: true,
        inputs: [
          // The tests read the project's own files (Python, its Dockerfile, its config) and what the
          // code location reads at run time (the dbt project, the ingest), added by the dagster inferrer.
          'default',
          // The end-to-end tests are a target of their own (e2e).
          '!{projectRoot}/*_e2e_tests/**/*',
          '{workspaceRoot}/pyproject.toml',
          ...(scan.has('Dockerfile')
            ? ['{workspaceRoot}/package.json', '{workspaceRoot}/*/*/package.json']
            : []),
          ...pythonPackageInputs(facts.lock, { memberPath: scan.root, groups: ['dev'], tools: ['pytest'] }),
        ],
        outputs: [],
        dependsOn: [PYTHON_ENV],
        metadata: {
          technologies: ['python', 'pytest'],
          description: `pytest (${(pytest.testpaths ?? ['tests']).join(', ')}) from the root .venv.`,
          help: { command: `cd ${inRoot || '.'} && ../../.venv/bin/pytest --help`, example: {} },
        },
      };
      parts.test?.push('pytest');
      parts.groups = { Python: [...(parts.groups?.['Python'] ?? []), 'pytest'] };
    }
  }
  return parts;
}
