import { basename } from 'node:path';
import {
  createNodesFromFiles,
  type CreateDependencies,
  type CreateNodes,
  type CreateNodesContext,
  type CreateNodesResult,
} from '@nx/devkit';
import { createCrossLanguageDependencies } from './cross-language-dependencies.js';
import { inferDagsterTargets } from './dagster-targets.js';
import { inferDbtTargets } from './dbt-targets.js';
import { inferPagesTargets } from './pages-targets.js';
import { inferTypecheckTargets } from './typecheck-targets.js';

type Inferrer = (
  configFile: string,
  options: unknown,
  context: CreateNodesContext,
) => CreateNodesResult | Promise<CreateNodesResult>;

/**
 * One inferrer per kind of file that makes a folder a certain kind of project. Nx gives a plugin a
 * single glob, so the plugin matches all of these names and dispatches on the file name.
 */
const inferrers: Record<string, Inferrer> = {
  'tsconfig.json': inferTypecheckTargets,
  'pyproject.toml': inferDagsterTargets,
  'pages.json': inferPagesTargets,
  'dbt_project.yml': inferDbtTargets,
};

const GLOB = `**/{${Object.keys(inferrers).join(',')}}`;

export const createNodes: CreateNodes = [
  GLOB,
  (configFiles, options, context) =>
    createNodesFromFiles(
      (file, opts, ctx) => {
        const infer = inferrers[basename(file)];
        return infer ? infer(file, opts, ctx) : {};
      },
      configFiles,
      options,
      context,
    ),
];

/** Graph edges Nx cannot see in imports (SQL, Python, site content); see cross-language-dependencies.ts. */
export const createDependencies: CreateDependencies = createCrossLanguageDependencies;
