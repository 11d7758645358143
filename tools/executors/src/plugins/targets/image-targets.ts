import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TargetConfiguration } from '@nx/devkit';
import { getProjectNameFromPath } from '@nx/docker/src/plugins/plugin';
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
   * docker:build passes it as the build arguments that name the Dockerfile's base images, except in
   * its `ci` configuration (nx.json), which builds on the Dockerfile's own bases.
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

/** The targets @nx/docker infers from a Dockerfile (its default names, kept in nx.json), which the image targets layer on. */
export const DOCKER_BUILD = 'docker:build';
export const DOCKER_RUN = 'docker:run';

/**
 * The socket the project's docker CLI targets reach their engine through, relative to the workspace
 * root (the cwd nx.json gives @nx/docker's targets): a link container-engine makes to the engine's own.
 */
export const engineSocket = (root: string): string => `tmp/${root}/engine.sock`;

/**
 * The image targets of a project with a Dockerfile and an image.json beside it. @nx/docker (nx.json,
 * included for that Dockerfile) infers `docker:build` (`docker build .` from the workspace root) and
 * `docker:run`; this layers on them, as a later plugin does: the engine they talk to
 * (`container-engine`, continuous: the Docker engine where one answers, else a podman service, gone
 * when they are done; `container-engine-ready` waits for it), the local base's build arguments and
 * exact inputs. Then ours: image-base (when the config has a local base), image (the built image out
 * of the engine into an OCI archive, cached on exactly what the Dockerfile copies), image-check (the
 * checks inside the image, cached the same way), scan (secrets in the commit and the image's layers,
 * advisories), deploy (publish, after image-check and scan), rollback and preflight.
 */
export function inferImage(scan: ProjectScan, facts: WorkspaceFacts): InferredParts {
  if (scan.root === '.' || !scan.has('Dockerfile') || !scan.has('image.json')) return { targets: {} };
  const config = readImageConfig(inProject(scan, 'image.json'), scan.read('image.json'));
  const exec = (name: string) => `${facts.executorPackage}:${name}`;
  const code = (name: string) => {
    const source = executorSource(facts, exec(name));
    return [...(source?.files ?? []), ...(npm(source?.external ?? []) ?? [])];
  };
  // The context is the workspace root: its .dockerignore is what every builder reads, and the only
  // one the docker CLI's classic builder (no buildx) reads.
  if (scan.has('Dockerfile.dockerignore'))
    throw new Error(
      `${inProject(scan, 'Dockerfile.dockerignore')}: the image is built from the workspace root, whose .dockerignore every builder reads (the docker CLI's classic builder no other): move its lines there.`,
    );
  const ignorePath = join(facts.workspaceRoot, '.dockerignore');
  const ignore = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : undefined;
  const contents = [
    '{projectRoot}/Dockerfile',
    ...(ignore !== undefined ? ['{workspaceRoot}/.dockerignore'] : []),
    ...dockerfileSources(scan.read('Dockerfile')).flatMap((s) => [
      `{workspaceRoot}/${s}`,
      `{workspaceRoot}/${s}/**/*`,
    ]),
    ...(ignore !== undefined ? dockerignoreExclusions(ignore) : []),
  ];
  const buildArgs = (config.localBase?.buildArgs ?? []).map(
    (arg) => `--build-arg ${arg}=${config.localBase?.image}`,
  );
  const engine = { DOCKER_HOST: `unix://${engineSocket(scan.root)}` };
  // The tag @nx/docker's docker:build gives the image in the engine.
  const imageRef = getProjectNameFromPath(scan.root, facts.workspaceRoot);
  const targets: Record<string, TargetConfiguration> = {};
  if (config.localBase) {
    targets['image-base'] = {
      executor: exec('image-base'),
      cache: false,
      options: { image: config.localBase.image },
      metadata: {
        technologies: ['buildah', 'debian'],
        description: `Make the local base image ${config.localBase.image} (debootstrap bookworm + Python 3.11 + this host's Node.js) in the image store a podman engine builds from, standing in for the Dockerfile's bases where Docker Hub is out of reach. Needs root, debootstrap and buildah; --driver=vfs where the kernel has no overlayfs.`,
      },
    };
  }
  targets['container-engine'] = {
    executor: exec('container-engine'),
    continuous: true,
    cache: false,
    metadata: {
      technologies: ['docker', 'podman'],
      description: `Serve the engine ${DOCKER_BUILD}, ${DOCKER_RUN} and image talk to at ${engineSocket(scan.root)} while they run: the Docker engine where one answers (DOCKER_HOST, else /var/run/docker.sock), else a podman API service on the shared image store, with its own configuration and state; stopped, with its containers and state removed, when they are done.`,
    },
  };
  targets['container-engine-ready'] = {
    executor: exec('container-engine-ready'),
    cache: false,
    dependsOn: ['container-engine'],
    metadata: {
      technologies: ['docker', 'podman'],
      description:
        'Wait until container-engine answers (Nx starts a continuous target and its dependents together); fail with its reason when it could not start.',
    },
  };
  targets[DOCKER_BUILD] = {
    cache: false,
    dependsOn: ['container-engine', 'container-engine-ready'],
    inputs: contents,
    options: { env: engine, ...(buildArgs.length > 0 && { args: ['...', ...buildArgs] }) },
    metadata: {
      description:
        `@nx/docker's docker build of the Dockerfile (context: the workspace root, tagged ${imageRef}) against container-engine. ${config.localBase ? `On the local base (${scan.name}:image-base) by default; -c ci on the Dockerfile's own bases.` : ''}`.trim(),
    },
  };
  targets[DOCKER_RUN] = {
    dependsOn: ['...', 'container-engine'],
    options: { env: engine },
    metadata: {
      description: `@nx/docker's docker run of ${imageRef} against container-engine (--args="--rm -p 3030:3030"); the engine removes what is left of it when it stops.`,
    },
  };
  // @nx/docker infers its publish too; it pushes one tag without looking it up first, pins no digest
  // and records nothing. `nx release publish` would run it: it refuses, and says what publishes.
  targets['nx-release-publish'] = {
    executor: 'nx:run-commands',
    options: {
      command: `echo "${scan.name}: nx release publish does not publish this image: run \\\`npx nx run ${scan.name}:deploy\\\` (immutable tags, pinned digest, release record)." >&2; exit 1`,
    },
    metadata: {
      description: `Refuses: @nx/docker's nx release publish (docker push of one tag) does not look the tag up first, pins no digest and records nothing, so ${scan.name} is published by deploy.`,
    },
  };
  targets['image'] = {
    executor: exec('image-export'),
    cache: true,
    dependsOn: [DOCKER_BUILD, 'container-engine'],
    inputs: [...contents, ...code('image-export')],
    outputs: ['{workspaceRoot}/dist/{projectRoot}/image.oci.tar'],
    options: { image: imageRef },
    metadata: {
      technologies: ['docker', 'oci'],
      description: `The image ${DOCKER_BUILD} built, out of container-engine into dist/${scan.root}/image.oci.tar (gzip layers): what image-check, scan and deploy read. Cached on exactly what the Dockerfile copies; -c ci builds on the Dockerfile's own bases.`,
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
    // @nx/docker groups its own targets under "Docker".
    groups: {
      Image: Object.keys(targets).filter(
        (t) => ![DOCKER_BUILD, DOCKER_RUN, 'nx-release-publish'].includes(t),
      ),
    },
    configFile: inProject(scan, 'image.json'),
    // Edges to the projects whose code the image carries (not those whose package.json it copies for npm ci).
    reads: dockerfileSources(scan.read('Dockerfile'))
      .filter((path) => !path.endsWith('.json') && !path.endsWith('.toml') && !path.endsWith('.lock'))
      .map((path) => ({ path, file: inProject(scan, 'Dockerfile') })),
  };
}
