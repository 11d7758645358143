import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { resolveInWorkspace } from '@atlas/runtime';
import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { readCodeLocationConfig } from '../../../utils/code-location.js';
import type { ImagePublishExecutorSchema } from '../schema.js';
import type { CodeLocationRelease, ResourceRequirements } from './release-values.js';

export interface NormalizedImagePublishOptions {
  repository: string;
  /** Absolute path of the OCI archive, and how it is shown. */
  archive: string;
  shownArchive: string;
  /** The version given or read from pyproject.toml; undefined when neither has one. */
  releaseVersion: string | undefined;
  channel: string;
  deployDir: string;
  shownDeployDir: string;
  deploymentName: string;
  module: string;
  port: number;
  envSecret: string;
  helmRelease: string;
  chartVersion: string;
  postgresqlSecretName: string;
  dagsterHome: string;
  serviceAccountName: string;
  resources: ResourceRequirements;
  labels: Record<string, string>;
  insecureRegistry: boolean;
  defaultBranch: string;
  dryRun: boolean | undefined;
  rollback: boolean;
  smoke: boolean;
  smokeTarget: string;
  secretScan: boolean;
}

const DEFAULT_RESOURCES: ResourceRequirements = {
  requests: { cpu: '250m', memory: '512Mi' },
  limits: { memory: '1Gi' },
};
const LABEL_KEY = /^([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?)?$/;

const CHANNEL = /^[a-z0-9][a-z0-9-]{0,39}$/;
const K8S_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** [project].version of <dir>/pyproject.toml, if any. */
export function projectVersion(dir: string): string | undefined {
  const file = join(dir, 'pyproject.toml');
  if (!existsSync(file)) return undefined;
  const toml = parseToml(readFileSync(file, 'utf8')) as { project?: { version?: unknown } };
  return typeof toml.project?.version === 'string' ? toml.project.version : undefined;
}

/** The version of the dagster package locked in <workspace>/uv.lock: the Dagster the image runs. */
export function lockedDagsterVersion(workspaceRoot: string): string | undefined {
  const lock = join(workspaceRoot, 'uv.lock');
  if (!existsSync(lock)) return undefined;
  return /^\[\[package\]\]\nname = "dagster"\nversion = "([^"]+)"/m.exec(readFileSync(lock, 'utf8'))?.[1];
}

function k8sName(option: string, value: string, what: string): string {
  if (!K8S_NAME.test(value))
    throw new ExecutorFailure(
      `Option ${option} ("${value}") must be ${what} (lower-case letters, digits, -; at most 63).`,
    );
  return value;
}

export function normalizeOptions(
  options: ImagePublishExecutorSchema,
  workspaceRoot: string,
  projectRoot: string,
  projectName: string,
): NormalizedImagePublishOptions {
  if (!options.repository)
    throw new ExecutorFailure(
      'Option repository is required: the image repository with its registry, e.g. ghcr.io/helpers-no/atlas-data.',
    );
  const channel = options.channel ?? 'prod';
  if (!CHANNEL.test(channel))
    throw new ExecutorFailure(
      `Option channel ("${channel}") must be a short lower-case name like prod or staging.`,
    );
  const deploymentName = options.deploymentName ?? projectName;
  if (!K8S_NAME.test(deploymentName))
    throw new ExecutorFailure(
      `Option deploymentName ("${deploymentName}") must be a Kubernetes name (lower-case letters, digits, -).`,
    );
  const envSecret = options.envSecret ?? 'atlas-data-env';
  if (!K8S_NAME.test(envSecret))
    throw new ExecutorFailure(
      `Option envSecret ("${envSecret}") must be a Kubernetes Secret name (lower-case letters, digits, -).`,
    );
  const helmRelease = k8sName('helmRelease', options.helmRelease ?? projectName, 'a Helm release name');
  const postgresqlSecretName = k8sName(
    'postgresqlSecretName',
    options.postgresqlSecretName ?? 'dagster-postgresql-secret',
    'a Kubernetes Secret name',
  );
  const serviceAccountName = k8sName(
    'serviceAccountName',
    options.serviceAccountName ?? deploymentName,
    'a Kubernetes service account name',
  );
  const labels: Record<string, string> = {
    'app.kubernetes.io/part-of': 'atlas',
    'app.kubernetes.io/name': deploymentName,
    ...(options.labels ?? {}),
  };
  for (const [key, value] of Object.entries(labels)) {
    if (!LABEL_KEY.test(key) || typeof value !== 'string' || !LABEL_VALUE.test(value))
      throw new ExecutorFailure(
        `Option labels has an invalid Kubernetes label ${key}: ${String(value)} (keys like example.org/name, values of up to 63 letters, digits, - _ .).`,
      );
  }
  const chartVersion = options.chartVersion ?? lockedDagsterVersion(workspaceRoot);
  if (!chartVersion)
    throw new ExecutorFailure(
      'Option chartVersion is not set and uv.lock locks no dagster package: set chartVersion to the dagster/dagster-user-deployments chart version.',
    );
  const port = options.port ?? 3030;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ExecutorFailure(`Option port (${port}) must be a TCP port number.`);
  const projectDir = join(workspaceRoot, projectRoot);
  let module = options.module;
  let version = options.releaseVersion;
  try {
    module ??= readCodeLocationConfig(projectDir)?.module;
    version ??= projectVersion(projectDir);
  } catch (error) {
    throw new ExecutorFailure((error as Error).message.split('\n')[0] ?? String(error));
  }
  if (!module)
    throw new ExecutorFailure(
      `Option module is not set and ${projectRoot}/pyproject.toml has no [tool.atlas.code-location] module: set one of them.`,
    );
  const archive = resolveInWorkspace(
    workspaceRoot,
    projectRoot,
    options.archive ?? 'dist/{projectRoot}/image.oci.tar',
    'archive',
  );
  const deployDir = resolveInWorkspace(
    workspaceRoot,
    projectRoot,
    (options.deployDir ?? 'deploy/{projectName}').replaceAll('{projectName}', projectName),
    'deployDir',
  );
  return {
    repository: options.repository,
    archive,
    shownArchive: relative(workspaceRoot, archive),
    releaseVersion: version,
    channel,
    deployDir,
    shownDeployDir: relative(workspaceRoot, deployDir),
    deploymentName,
    module,
    port,
    envSecret,
    helmRelease,
    chartVersion,
    postgresqlSecretName,
    dagsterHome: options.dagsterHome ?? '/opt/dagster/dagster_home',
    serviceAccountName,
    resources: options.resources ?? DEFAULT_RESOURCES,
    labels,
    insecureRegistry: options.insecureRegistry ?? false,
    defaultBranch: options.defaultBranch ?? 'main',
    dryRun: options.dryRun,
    rollback: options.rollback ?? false,
    smoke: options.smoke ?? true,
    smokeTarget: options.smokeTarget ?? 'image-check',
    secretScan: options.secretScan ?? true,
  };
}

/** What our Helm release keeps from release to release, from the options. */
export function codeLocationRelease(options: NormalizedImagePublishOptions): CodeLocationRelease {
  return {
    helmRelease: options.helmRelease,
    chartVersion: options.chartVersion,
    name: options.deploymentName,
    module: options.module,
    port: options.port,
    envSecret: options.envSecret,
    postgresqlSecretName: options.postgresqlSecretName,
    dagsterHome: options.dagsterHome,
    serviceAccountName: options.serviceAccountName,
    resources: options.resources,
    labels: options.labels,
  };
}
