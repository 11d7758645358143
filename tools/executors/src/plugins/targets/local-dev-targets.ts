import { posix } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import type { InferredParts } from './common.js';

/** The root's local-dev.json: what `nx run atlas:dev` starts. */
export interface LocalDev {
  /** Runs a dev server in a process group of its own, stopped with the nx run that started it. */
  supervisor: string;
  /** The same, with ATLAS_DATABASE_URL of the local database. */
  withLocalDatabase: string;
  /** The root target's own process: says where each surface is and when it answers. */
  announcer: string;
  surfaces: LocalSurface[];
}

export interface LocalSurface {
  name: string;
  project: string;
  /** A target of the project that is the surface (default: the dev-local this file infers). */
  target?: string;
  port?: number;
  url?: string;
  localDatabase?: boolean;
  /** Defaults for variables the dev server reads (a variable already set wins). */
  env?: Record<string, string>;
  what: string;
}

export const LOCAL_DEV_FILE = 'local-dev.json';

export function readLocalDev(text: string | undefined): LocalDev | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as LocalDev);
}

/** The dev server a project's files call for, on a given port; undefined for a project that has none. */
function devServer(
  scan: ProjectScan,
  port: number,
): { argv: string; env: Record<string, string> } | undefined {
  if (scan.has('next.config.ts'))
    return {
      argv: `next dev --hostname localhost --port ${port}`,
      env: { NEXT_TELEMETRY_DISABLED: '1' },
    };
  if (scan.has('docusaurus.config.ts'))
    return {
      argv: `docusaurus start --host localhost --port ${port} --no-open`,
      env: { NO_UPDATE_NOTIFIER: '1' },
    };
  return undefined;
}

/**
 * From local-dev.json: the root's `dev` (every surface as a continuous task it depends on, and the
 * announcer), and for each surface without a target of its own, the project's `dev-local` (its dev server
 * on the surface's port, under the supervisor; Nx alone would leave the servers of several continuous
 * tasks running after Ctrl-C).
 */
export function inferLocalDev(
  scan: ProjectScan,
  facts: WorkspaceFacts,
  file: string | undefined,
): InferredParts {
  const localDev = readLocalDev(file);
  if (!localDev) return { targets: {} };
  const fromProject = (path: string) => posix.relative(scan.root, path) || '.';
  const names = new Map([...facts.projectNames.entries()].map(([root, name]) => [name, root]));
  if (scan.root === '.') {
    return {
      targets: {
        dev: {
          command: `node --import tsx ${localDev.announcer}`,
          continuous: true,
          dependsOn: localDev.surfaces
            .filter((s) => names.has(s.project))
            .map((s) => ({ projects: [s.project], target: s.target ?? 'dev-local' })),
          metadata: {
            technologies: ['nx'],
            description: `Every local surface at once (${LOCAL_DEV_FILE}): ${localDev.surfaces
              .map((s) => `${s.name} (${s.url ?? `http://localhost:${s.port}/`})`)
              .join(', ')}. Ctrl-C stops them all; the local database stays.`,
            help: { command: 'npx nx run atlas:dev', example: {} },
          },
        },
      },
      groups: { 'Local development': ['dev'] },
    };
  }
  const surface = localDev.surfaces.find((s) => s.project === scan.name && !s.target);
  if (!surface?.port) return { targets: {} };
  const server = devServer(scan, surface.port);
  if (!server) return { targets: {} };
  const wrapper = fromProject(surface.localDatabase ? localDev.withLocalDatabase : localDev.supervisor);
  const defaults = Object.entries(surface.env ?? {}).map(
    ([name, value]) => `${name}="\${${name}:-${value}}" `,
  );
  const target: TargetConfiguration = {
    command: `${defaults.join('')}node --import tsx ${wrapper} -- ${server.argv}`,
    options: { cwd: scan.root, env: server.env },
    continuous: true,
    ...(scan.has('site-assets.json') ? { dependsOn: ['site-assets'] } : {}),
    metadata: {
      technologies: scan.has('next.config.ts') ? ['next'] : ['docusaurus'],
      description: `The ${surface.name} on http://localhost:${surface.port}/ for atlas:dev: ${surface.what}${
        surface.localDatabase ? ', on the local database' : ''
      }; stops with the nx run that started it.`,
      help: { command: 'npx nx run atlas:dev', example: {} },
    },
  };
  return { targets: { 'dev-local': target }, groups: { 'Local development': ['dev-local'] } };
}
