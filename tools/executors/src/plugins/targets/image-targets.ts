import type { TargetConfiguration } from '@nx/devkit';
import { executorSource } from '../inputs/executor-inputs.js';
import { pythonPackageInputs } from '../inputs/python-inputs.js';
import type { ProjectScan, WorkspaceFacts } from '../workspace/project-scan.js';
import { inProject } from '../workspace/project-scan.js';
import { npm, PYTHON_ENV, type InferredParts } from './common.js';

/** image.json beside a Dockerfile: how the project's image is built locally and where it is published. */
export interface ImageConfig {
  /** Registry repository the deploy pushes to, e.g. ghcr.io/org/name. */
  repository: string;
  /** The channel whose values the deploy writes (deploy/<project>/values-<channel>.yaml). */
  channel: string;
  /**
   * A base image made on this machine (atlas-data:image-base), for where Docker Hub is out of reach:
   * the build arguments that name the Dockerfile's base images take it, except in the `ci`
   * configuration, which builds on the Dockerfile's own bases.
   */
  localBase?: { image: string; buildArgs: string[] };
  /** The one-shot migration command inside the image, which image-check runs twice. */
  migrateCommand?: string[];
}

const KEYS = ['$schema', '$comment', 'repository', 'channel', 'localBase', 'migrateCommand'];

export function readImageConfig(file: string, text: string): ImageConfig {
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message}): fix the file.`);
  }
  const unknown = Object.keys(config).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0)
    throw new Error(
      `${file} has unknown key(s) ${unknown.join(', ')}: allowed are ${KEYS.slice(2).join(', ')}.`,
    );
  for (const key of ['repository', 'channel'])
    if (typeof config[key] !== 'string' || !config[key])
      throw new Error(`${file} needs "${key}" (a string).`);
  return config as unknown as ImageConfig;
}

/**
 * The files a Dockerfile takes from the build context: the sources of its COPY and ADD instructions
 * (not those copied from another stage), as workspace paths, with continuation lines joined.
 */
export function dockerfileSources(text: string): string[] {
  const sources = new Set<string>();
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const line of lines) {
    const match = /^\s*(COPY|ADD)\s+(.*)$/i.exec(line);
    if (!match) continue;
    const args = (match[2] as string).trim().split(/\s+/);
    if (args.some((a) => a.startsWith('--from='))) continue;
    const paths = args.filter((a) => !a.startsWith('--'));
    for (const source of paths.slice(0, -1)) sources.add(source.replace(/^\.\//, '').replace(/\/$/, ''));
  }
  return [...sources].sort();
}

/** Exclusions of a .dockerignore (its plain lines after the allow-list), as negated Nx inputs. */
export function dockerignoreExclusions(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#') && !l.startsWith('!') && l !== '*')
    .flatMap((p) => [`!{workspaceRoot}/${p}`, `!{workspaceRoot}/${p}/**/*`]);
}

/**
 * The image targets of a project with a Dockerfile and an image.json beside it: image-base (when the
 * config has a local base), image (buildah, cached on exactly what the Dockerfile copies), image-check
 * (the checks inside the image, cached the same way), scan (secrets in the commit and the image's
 * layers, advisories), deploy (publish, after image-check and scan), rollback and preflight.
 */
export function inferImage(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('Dockerfile') || !scan.has('image.json')) return { targets: {} };
  const config = readImageConfig(inProject(scan, 'image.json'), scan.read('image.json'));
  const exec = (name: string) => `${facts.executorPackage}:${name}`;
  const code = (name: string) => {
    const source = executorSource(facts, exec(name));
    return [...(source?.files ?? []), ...(npm(source?.external ?? []) ?? [])];
  };
  const ignoreFile = scan.has('Dockerfile.dockerignore') ? 'Dockerfile.dockerignore' : undefined;
  const contents = [
    '{projectRoot}/Dockerfile',
    ...(ignoreFile ? [`{projectRoot}/${ignoreFile}`] : []),
    ...dockerfileSources(scan.read('Dockerfile')).flatMap((s) => [
      `{workspaceRoot}/${s}`,
      `{workspaceRoot}/${s}/**/*`,
    ]),
    ...(ignoreFile ? dockerignoreExclusions(scan.read(ignoreFile)) : []),
  ];
  const baseArgs = Object.fromEntries(
    (config.localBase?.buildArgs ?? []).map((arg) => [arg, config.localBase?.image]),
  );
  const targets: Record<string, TargetConfiguration> = {};
  if (config.localBase) {
    targets['image-base'] = {
      executor: exec('image-base'),
      cache: false,
      options: { image: config.localBase.image },
      metadata: {
        technologies: ['buildah', 'debian'],
        description: `Make the local base image ${config.localBase.image} (debootstrap bookworm + Python 3.11 + this host's Node.js), which stands in for the Dockerfile's bases where Docker Hub is out of reach. Needs root, debootstrap and buildah; --driver=vfs where the kernel has no overlayfs.`,
      },
    };
  }
  targets['image'] = {
    executor: exec('image-build'),
    cache: true,
    inputs: [...contents, ...code('image-build')],
    outputs: ['{workspaceRoot}/dist/{projectRoot}/image.oci.tar'],
    options: {
      dockerfile: '{projectRoot}/Dockerfile',
      context: '.',
      ...(ignoreFile && { ignorefile: `{projectRoot}/${ignoreFile}` }),
      ...(config.localBase && { buildArgs: baseArgs }),
    },
    ...(config.localBase && { configurations: { ci: { buildArgs: {} } } }),
    metadata: {
      technologies: ['buildah', 'docker'],
      description:
        `Build the Dockerfile with buildah (no Docker engine) into dist/${scan.root}/image.oci.tar, cached on exactly what it copies. ${config.localBase ? `On the local base (${scan.name}:image-base) by default; -c ci builds on the Dockerfile's own bases.` : ''}`.trim(),
    },
  };
  targets['image-check'] = {
    executor: exec('image-check'),
    cache: true,
    dependsOn: ['image', PYTHON_ENV],
    inputs: [...contents, ...code('image-check'), ...pythonPackageInputs(facts.lock, { tools: ['dagster'] })],
    outputs: [],
    options: { ...(config.migrateCommand && { migrateCommand: config.migrateCommand }) },
    metadata: {
      technologies: ['buildah', 'dagster'],
      description:
        'Inside the built image: non-root user, the baked dbt manifest, dagster definitions validate, Node.js, the default command serving the expected assets over gRPC, the migration twice on a throwaway database; prints the image size.',
    },
  };
  targets['scan'] = {
    executor: exec('scan'),
    cache: false,
    dependsOn: ['image'],
    options: { image: 'dist/{projectRoot}/image.oci.tar', npmAudit: true, pipAudit: true },
    configurations: { ci: { requireAdvisories: true } },
    metadata: {
      technologies: ['gitleaks'],
      description:
        'The scan stage before the deploy: gitleaks over the files of HEAD and the image layers; npm audit and pip-audit where their advisory sources answer (-c ci requires them). Not cached: advisories change without any input changing.',
    },
  };
  const publish = { repository: config.repository, channel: config.channel };
  targets['deploy'] = {
    executor: exec('image-publish'),
    cache: false,
    dependsOn: ['image-check', 'scan', PYTHON_ENV],
    options: publish,
    metadata: {
      technologies: ['oci', 'helm'],
      description: `Publish the checked, scanned image to ${config.repository} as sha-<commit> and v<version> (never latest, never over a tag), pull it back and check it again, record the release, and write deploy/${scan.name}/values-${config.channel}.yaml for our own Helm release. Dry run off main or without registry credentials.`,
    },
  };
  targets['rollback'] = {
    executor: exec('image-publish'),
    cache: false,
    options: { ...publish, rollback: true },
    metadata: {
      technologies: ['oci', 'helm'],
      description: `Point the ${config.channel} values back at the release before the current one (digest-pinned, a new record, nothing deleted); apply with helm upgrade, or use helm rollback.`,
    },
  };
  targets['preflight'] = {
    executor: exec('preflight'),
    cache: false,
    options: { repository: config.repository },
    metadata: {
      technologies: ['oci', 'postgresql'],
      description:
        'What the deploy needs, checked: registry push rights, ATLAS_DATABASE_URL (role and schemas), .venv, dbt debug, the code location import; --json for JSON, exit 1 on any error.',
    },
  };
  return {
    targets,
    groups: { Image: Object.keys(targets) },
    configFile: inProject(scan, 'image.json'),
    // Edges to the projects whose code the image carries (not those whose package.json it copies for npm ci).
    reads: dockerfileSources(scan.read('Dockerfile'))
      .filter((path) => !path.endsWith('.json') && !path.endsWith('.toml') && !path.endsWith('.lock'))
      .map((path) => ({ path, file: inProject(scan, 'Dockerfile') })),
  };
}
