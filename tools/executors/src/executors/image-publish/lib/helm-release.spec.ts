import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments, stringify } from 'yaml';
import { venvBin, workspaceRoot } from '@atlas/runtime';
import { scratchWorkspace } from '../../../testing/executor-harness.js';
import { ensureGoTool } from '../../../utils/go-tools.js';
import { codeLocationRelease, normalizeOptions } from './normalize-options.js';
import type { Release } from './release-records.js';
import { renderPlatformHandshake, renderReleaseValues } from './release-values.js';

/**
 * What atlas-data hands to the platform, rendered by a real helm (v4.3.2 from the Go module proxy)
 * with the official chart's own templates (test-fixtures/dagster-chart, see its PROVENANCE.md).
 */

const FIXTURES = join(import.meta.dirname, '..', 'test-fixtures', 'dagster-chart');
const USER_CHART = join(FIXTURES, 'dagster-user-deployments');
const NAMESPACE = 'dagster';

interface K8sObject {
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}
interface Container {
  image: string;
  args: string[];
  env: { name: string; value?: string }[];
  resources: unknown;
  readinessProbe?: Record<string, unknown>;
  livenessProbe?: Record<string, unknown>;
  startupProbe?: Record<string, unknown>;
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations: Record<string, string> };
  spec: { serviceAccountName: string; containers: Container[]; nodeSelector: unknown; tolerations: unknown };
}

function release(version: string, digestByte: string): Release {
  const commit = digestByte.repeat(40);
  return {
    version,
    tag: `sha-${commit.slice(0, 7)}`,
    tags: [`sha-${commit.slice(0, 7)}`, `v${version}`],
    digest: `sha256:${digestByte.repeat(64)}`,
    repository: 'ghcr.io/helpers-no/atlas-data',
    sourceCommit: commit,
    sourceBranch: 'main',
    publishedAt: '2026-12-01T10:00:00.000Z',
    smoke: 'passed',
  };
}

const podTemplate = (deployment: K8sObject) => (deployment.spec as { template: PodTemplate }).template;
const container = (deployment: K8sObject): Container => {
  const first = podTemplate(deployment).spec.containers[0];
  if (!first) throw new Error(`${deployment.metadata.name} has no container`);
  return first;
};
const identities = (objects: K8sObject[]) => objects.map((o) => `${o.kind}/${o.metadata.name}`).sort();

describe('the Helm release atlas-data hands over, rendered by a real helm', () => {
  const scratch = scratchWorkspace('atlas-helm-render-');
  let helm: string;
  // What the real deploy target would write: the options of apps/atlas-data/project.json's deploy target.
  const options = normalizeOptions(
    { repository: 'ghcr.io/helpers-no/atlas-data' },
    workspaceRoot,
    'apps/atlas-data',
    'atlas-data',
  );
  const location = codeLocationRelease(options);
  const first = release('0.1.0', 'a');
  const second = release('0.2.0', 'b');

  const writeFile = (name: string, text: string) => {
    const path = join(scratch.root, name);
    writeFileSync(path, text);
    return path;
  };

  /** helm template, its stdout alone (the rendered objects) and its stderr (why it failed). */
  const template = (releaseName: string, chart: string, valueFiles: string[], skipSchema = true) => {
    const result = spawnSync(
      helm,
      [
        'template',
        releaseName,
        chart,
        '--namespace',
        NAMESPACE,
        ...(skipSchema ? ['--skip-schema-validation'] : []),
        ...valueFiles.flatMap((f) => ['-f', f]),
      ],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, HELM_CACHE_HOME: join(scratch.root, 'helm-cache') },
      },
    );
    return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const render = (releaseName: string, chart: string, valueFiles: string[]): K8sObject[] => {
    const result = template(releaseName, chart, valueFiles);
    if (result.exitCode !== 0) throw new Error(`helm template failed: ${result.stderr}`);
    return parseAllDocuments(result.stdout)
      .map((doc) => doc.toJS() as K8sObject | null)
      .filter((o): o is K8sObject => Boolean(o?.kind));
  };
  const one = (objects: K8sObject[], kind: string, name: string): K8sObject => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`no ${kind}/${name} in ${identities(objects).join(', ')}`);
    return found;
  };
  const ours = (r: Release, action: 'publish' | 'rollback' = 'publish') =>
    writeFile(
      `values-${r.version}-${action}.yaml`,
      renderReleaseValues({ location, release: r, channel: 'prod', action }),
    );
  const deploymentName = `${options.helmRelease}-dagster-user-deployments-${location.name}`;

  /**
   * The platform's own release: the parent chart's workspace templates with the user-deployments chart
   * as its subchart, as the parent's Chart.yaml declares it.
   */
  const platformChart = join(scratch.root, 'dagster');
  const platformValues = {
    global: {
      postgresqlSecretName: 'dagster-postgresql-secret',
      dagsterHome: '/opt/dagster/dagster_home',
      serviceAccountName: 'dagster',
      celeryConfigSecretName: 'dagster-celery-config-secret',
    },
    ingress: { dagsterWebserver: {}, readOnlyDagsterWebserver: {} },
    dagsterWebserver: { workspace: { enabled: false, servers: [] as unknown[] } },
    'dagster-user-deployments': {
      enabled: true,
      enableSubchart: true,
      deployments: [
        {
          name: 'finance-etl',
          image: { repository: 'registry.example.org/finance-etl', tag: '4.2.0', pullPolicy: 'IfNotPresent' },
          dagsterApiGrpcArgs: ['-m', 'finance.definitions'],
          port: 3030,
          resources: { requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } },
          nodeSelector: { pool: 'etl' },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'etl', effect: 'NoSchedule' }],
        },
      ],
    },
  };

  beforeAll(async () => {
    helm = await ensureGoTool(workspaceRoot, 'helm');
    mkdirSync(join(platformChart, 'charts'), { recursive: true });
    cpSync(join(FIXTURES, 'dagster', 'templates'), join(platformChart, 'templates'), { recursive: true });
    cpSync(USER_CHART, join(platformChart, 'charts', 'dagster-user-deployments'), { recursive: true });
    writeFileSync(
      join(platformChart, 'Chart.yaml'),
      stringify({
        apiVersion: 'v2',
        name: 'dagster',
        version: '0.0.1-dev',
        appVersion: 'dev',
        dependencies: [
          {
            name: 'dagster-user-deployments',
            version: '0.0.1-dev',
            condition: 'dagster-user-deployments.enableSubchart',
          },
        ],
      }),
    );
  }, 900_000);

  afterAll(() => scratch.remove());

  it('fails offline on the chart schema’s remote Kubernetes reference unless schema validation is skipped', async () => {
    const strict = template(options.helmRelease, USER_CHART, [ours(first)], false);
    expect(strict.exitCode).toBe(1);
    expect(strict.stderr).toContain('https://kubernetesjsonschema.dev/v1.18.0/_definitions.json');
    expect(template(options.helmRelease, USER_CHART, [ours(first)]).exitCode).toBe(0);
  });

  it("meets the chart's values schema, its Kubernetes references served from a local copy", () => {
    // kubernetes-validate (dev group of uv.lock) ships the Kubernetes definitions the schema points at.
    const validate = (file: string) =>
      spawnSync(
        venvBin('python'),
        [
          join(import.meta.dirname, '..', '..', '..', 'testing', 'validate_chart_values.py'),
          USER_CHART,
          '1.30.0',
          file,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
    const valid = validate(ours(first));
    expect(valid.stdout + valid.stderr).toBe('');
    expect(valid.status).toBe(0);
    // The check is real: a probe period that is not a number is refused by the Probe definition.
    const broken = parseYaml(
      renderReleaseValues({ location, release: first, channel: 'prod', action: 'publish' }),
    ) as {
      deployments: { livenessProbe: Record<string, unknown> }[];
    };
    const entry = broken.deployments[0];
    if (entry) entry.livenessProbe['periodSeconds'] = 'thirty';
    const invalid = validate(writeFile('broken.yaml', stringify(broken)));
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toMatch(
      /^deployments\.0\.livenessProbe: .* is not valid under any of the given schemas$/m,
    );
  });

  it('renders the code server with the digest-pinned image, its args, resources and all three probes', async () => {
    const objects = render(options.helmRelease, USER_CHART, [ours(first)]);
    const deployment = one(objects, 'Deployment', deploymentName);
    expect(identities(objects)).toEqual([
      'ConfigMap/atlas-data-dagster-user-deployments-atlas-data-user-env',
      'ConfigMap/atlas-data-dagster-user-deployments-user-deployments-shared-env',
      `Deployment/${deploymentName}`,
      'Role/atlas-data-dagster-user-deployments-role',
      'RoleBinding/atlas-data-dagster-user-deployments-rolebinding',
      'Service/atlas-data',
      'ServiceAccount/atlas-data',
    ]);
    const server = container(deployment);
    const image = `ghcr.io/helpers-no/atlas-data:${first.tag}@${first.digest}`;
    expect(server.image).toBe(image);
    expect(server.args).toEqual([
      'dagster',
      'api',
      'grpc',
      '-h',
      '0.0.0.0',
      '-p',
      '3030',
      '-m',
      'atlas_data.definitions',
    ]);
    // Run pods: the run launcher takes the image from DAGSTER_CURRENT_IMAGE and the rest from the
    // container context the server hands out.
    const env = Object.fromEntries(server.env.map((e) => [e.name, e.value]));
    expect(env['DAGSTER_CURRENT_IMAGE']).toBe(image);
    const resources = { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '1Gi' } };
    expect(server.resources).toEqual(resources);
    const health = { exec: { command: ['dagster', 'api', 'grpc-health-check', '-p', '3030'] } };
    expect(server.readinessProbe).toMatchObject({ ...health, periodSeconds: 20, failureThreshold: 3 });
    expect(server.startupProbe).toMatchObject({ ...health, periodSeconds: 10, failureThreshold: 30 });
    expect(server.livenessProbe).toMatchObject({ ...health, periodSeconds: 30, failureThreshold: 4 });
    const context = JSON.parse(env['DAGSTER_CLI_API_GRPC_CONTAINER_CONTEXT'] ?? '{}') as {
      k8s: Record<string, unknown>;
    };
    expect(context.k8s).toMatchObject({
      namespace: NAMESPACE,
      service_account_name: 'atlas-data',
      env_secrets: ['atlas-data-env'],
      labels: { 'app.kubernetes.io/part-of': 'atlas', 'app.kubernetes.io/name': 'atlas-data' },
      resources,
    });

    const pod = podTemplate(deployment);
    expect(pod.spec.serviceAccountName).toBe('atlas-data');
    expect(pod.metadata.labels).toMatchObject({ 'app.kubernetes.io/part-of': 'atlas' });
    expect(one(objects, 'ServiceAccount', 'atlas-data').kind).toBe('ServiceAccount');
    // The platform reads the PostgreSQL password of its instance from its own Secret.
    expect(server.env).toContainEqual({
      name: 'DAGSTER_PG_PASSWORD',
      valueFrom: { secretKeyRef: { name: 'dagster-postgresql-secret', key: 'postgresql-password' } },
    });
  });

  it('rolls the pod on a new release, and a rollback renders the previous release again', async () => {
    const checksum = (objects: K8sObject[]) =>
      podTemplate(one(objects, 'Deployment', deploymentName)).metadata.annotations[
        'checksum/dagster-user-deployment'
      ];
    const v1 = render(options.helmRelease, USER_CHART, [ours(first)]);
    const v2 = render(options.helmRelease, USER_CHART, [ours(second)]);
    const back = render(options.helmRelease, USER_CHART, [ours(first, 'rollback')]);
    expect(checksum(v1)).toMatch(/^[0-9a-f]{64}$/);
    expect(checksum(v2)).not.toBe(checksum(v1));
    expect(container(one(v2, 'Deployment', deploymentName)).image).toContain(second.digest);
    // Byte for byte the objects of release 0.1.0: the same pods, the same checksum.
    expect(back).toEqual(v1);
  });

  it("keeps the platform's own code location, its settings and its workspace entry through the handshake", async () => {
    const platformFile = writeFile('platform.yaml', stringify(platformValues));
    const before = render('dagster', platformChart, [platformFile]);
    const theirs = one(before, 'Deployment', 'dagster-dagster-user-deployments-finance-etl');
    expect(podTemplate(theirs).spec.nodeSelector).toEqual({ pool: 'etl' });
    expect(
      parseYaml(one(before, 'ConfigMap', 'dagster-workspace-yaml').data?.['workspace.yaml'] ?? ''),
    ).toEqual({
      load_from: [{ grpc_server: { host: 'finance-etl', port: 3030, location_name: 'finance-etl' } }],
    });

    // The handshake, applied as deploy/atlas-data/platform-handshake.yaml says: by hand, once.
    const handshake = parseYaml(renderPlatformHandshake(location)) as {
      dagsterWebserver: { workspace: { servers: { host: string; port: number; name: string }[] } };
    };
    const theirServers = platformValues['dagster-user-deployments'].deployments.map((d) => ({
      host: d.name,
      port: d.port,
      name: d.name,
    }));
    const merged = structuredClone(platformValues);
    merged.dagsterWebserver.workspace = {
      enabled: true,
      servers: [...theirServers, ...handshake.dagsterWebserver.workspace.servers],
    };
    const after = render('dagster', platformChart, [writeFile('platform-after.yaml', stringify(merged))]);
    // Their Deployment, Service and ConfigMaps are exactly as before: same settings, same pod checksum.
    expect(
      after.filter((o) => o.kind !== 'ConfigMap' || o.metadata.name !== 'dagster-workspace-yaml'),
    ).toEqual(before.filter((o) => o.kind !== 'ConfigMap' || o.metadata.name !== 'dagster-workspace-yaml'));
    const workspace = parseYaml(
      one(after, 'ConfigMap', 'dagster-workspace-yaml').data?.['workspace.yaml'] ?? '',
    );
    expect(workspace).toEqual({
      load_from: [
        { grpc_server: { host: 'finance-etl', port: 3030, location_name: 'finance-etl' } },
        { grpc_server: { host: 'atlas-data', port: 3030, location_name: 'atlas-data' } },
      ],
    });

    // The entry points at the Service our own release renders.
    const ourRelease = render(options.helmRelease, USER_CHART, [ours(first)]);
    const service = one(ourRelease, 'Service', 'atlas-data');
    expect((service.spec as { ports: { port: number }[] }).ports[0]?.port).toBe(3030);
    // Two releases, no object in common: nothing we install or upgrade can take over or delete theirs.
    const overlap = identities(ourRelease).filter((id) => identities(after).includes(id));
    expect(overlap).toEqual([]);
  });

  it('shows why the handshake is merged by hand: layered with -f, its list replaces the platform’s', async () => {
    const enabled = structuredClone(platformValues);
    enabled.dagsterWebserver.workspace = {
      enabled: true,
      servers: [{ host: 'finance-etl', port: 3030, name: 'finance-etl' }],
    };
    const layered = render('dagster', platformChart, [
      writeFile('platform-enabled.yaml', stringify(enabled)),
      writeFile('handshake.yaml', renderPlatformHandshake(location)),
    ]);
    const workspace = parseYaml(
      one(layered, 'ConfigMap', 'dagster-workspace-yaml').data?.['workspace.yaml'] ?? '',
    ) as { load_from: { grpc_server: { location_name: string } }[] };
    expect(workspace.load_from.map((l) => l.grpc_server.location_name)).toEqual(['atlas-data']);
  });
});
