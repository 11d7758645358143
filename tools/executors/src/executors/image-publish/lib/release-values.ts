import { stringify } from 'yaml';
import type { Release } from './release-records.js';
import { pinnedTag } from '../../../utils/registry/image-reference.js';

/** Kubernetes resource requests and limits, as in a container spec. */
export interface ResourceRequirements {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** What stays the same from release to release of the code location's own Helm release. */
export interface CodeLocationRelease {
  /** Helm release name of our own release (chart dagster/dagster-user-deployments). */
  helmRelease: string;
  /** Version of the chart dagster/dagster-user-deployments: the Dagster version the image runs. */
  chartVersion: string;
  /** Code location name in Dagster, the chart's deployment name and its Service's name. */
  name: string;
  /** Python module holding the Definitions (dagster api grpc -m). */
  module: string;
  port: number;
  /** Kubernetes Secret whose keys (ATLAS_DATABASE_URL) become the environment of the server and its runs. */
  envSecret: string;
  /** The platform's Secret with the Dagster instance's PostgreSQL password (key postgresql-password). */
  postgresqlSecretName: string;
  /** DAGSTER_HOME of the platform's instance. */
  dagsterHome: string;
  /** Service account of the code server and of the run pods the platform's run launcher starts for it. */
  serviceAccountName: string;
  resources: ResourceRequirements;
  /** Labels on the code server's pods and, through the container context, on its run pods. */
  labels: Record<string, string>;
}

/**
 * The probes, all `dagster api grpc-health-check` (the chart's default command when no exec is given):
 * the startup probe gives the definitions up to 5 minutes to load before the liveness probe takes
 * over, which restarts a server that stops answering for 2 minutes.
 */
const PROBES = {
  readinessProbe: {
    enabled: true,
    periodSeconds: 20,
    timeoutSeconds: 10,
    successThreshold: 1,
    failureThreshold: 3,
  },
  startupProbe: { enabled: true, periodSeconds: 10, timeoutSeconds: 10, failureThreshold: 30 },
  livenessProbe: { periodSeconds: 30, timeoutSeconds: 10, successThreshold: 1, failureThreshold: 4 },
};

/**
 * The values of our own release of dagster/dagster-user-deployments. It holds one deployment, ours:
 * the list is replaced as a whole on every upgrade, which is what we want in a release nobody else
 * writes to. The image is pinned to its digest (tag@sha256:...), so the pod checksum changes exactly
 * when the release changes and never follows a re-pushed tag.
 */
export function releaseValues(input: {
  location: CodeLocationRelease;
  release: Release;
}): Record<string, unknown> {
  const { location, release } = input;
  return {
    global: {
      postgresqlSecretName: location.postgresqlSecretName,
      dagsterHome: location.dagsterHome,
      // Empty: the release-level serviceAccount below names (and creates) the account instead.
      serviceAccountName: '',
      celeryConfigSecretName: '',
    },
    serviceAccount: { create: true, name: location.serviceAccountName, annotations: {} },
    rbacEnabled: true,
    imagePullSecrets: [],
    deployments: [
      {
        name: location.name,
        image: {
          repository: release.repository,
          tag: pinnedTag(release.tag, release.digest),
          pullPolicy: 'IfNotPresent',
        },
        dagsterApiGrpcArgs: ['-m', location.module],
        port: location.port,
        envSecrets: [{ name: location.envSecret }],
        includeConfigInLaunchedRuns: { enabled: true },
        labels: location.labels,
        resources: location.resources,
        ...PROBES,
      },
    ],
  };
}

/** The release's values file, as written to deploy/<project>/values-<channel>.yaml. */
export function renderReleaseValues(input: {
  location: CodeLocationRelease;
  release: Release;
  channel: string;
  action: 'publish' | 'rollback';
}): string {
  const { location, release, channel } = input;
  return [
    `# Written by the ${location.name} deploy target (image-publish); do not edit by hand.`,
    `# Channel ${channel}: release ${release.version} (${release.tags.join(', ')}) from commit ${release.sourceCommit},`,
    `# published ${release.publishedAt}${input.action === 'rollback' ? '; set here again by a rollback' : ''}.`,
    `# Our own Helm release, beside the platform's dagster release, in the same namespace:`,
    `#   helm upgrade --install ${location.helmRelease} dagster/dagster-user-deployments --version ${location.chartVersion} \\`,
    `#     --namespace <dagster namespace> -f values-${channel}.yaml`,
    stringify(releaseValues(input), { lineWidth: 0 }),
  ].join('\n');
}

/** The one entry the platform adds, once, to dagsterWebserver.workspace.servers of its own release. */
export function workspaceServer(location: CodeLocationRelease): { host: string; port: number; name: string } {
  // The chart names the Service after the deployment: in the same namespace that name is the host.
  return { host: location.name, port: location.port, name: location.name };
}

/** deploy/<project>/platform-handshake.yaml: what the platform applies to its own release, once. */
export function renderPlatformHandshake(location: CodeLocationRelease): string {
  const entry = stringify([workspaceServer(location)], { lineWidth: 0 })
    .trimEnd()
    .split('\n')
    .map((line) => `      ${line}`);
  return [
    `# Written by the ${location.name} deploy target (image-publish); do not edit by hand.`,
    `# The one-time handshake for the platform's own Dagster release (chart dagster/dagster).`,
    `# Merge it into YOUR values by hand; never layer this file with -f (Helm replaces lists, so the`,
    `# servers list below would replace yours):`,
    `#   1. add the entry under dagsterWebserver.workspace.servers;`,
    `#   2. if workspace.enabled was false until now, set it to true and list each of your own code`,
    `#      locations there as well (host and name: its deployment name, port: its port): with`,
    `#      enabled: true the chart builds workspace.yaml from servers alone;`,
    `#   3. leave dagster-user-deployments.enableSubchart and .deployments as they are (yours); only drop`,
    `#      a "${location.name}" entry from .deployments if an earlier values fragment of ours put one there.`,
    `# ${location.name} runs as its own release (${location.helmRelease}, chart dagster/dagster-user-deployments) in`,
    `# the same namespace; its releases never touch yours.`,
    'dagsterWebserver:',
    '  workspace:',
    '    enabled: true',
    '    servers:',
    ...entry,
    '',
  ].join('\n');
}
