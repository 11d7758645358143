import type { Release } from './release-records.js';
import { pinnedTag } from '../../../utils/registry/image-reference.js';

export interface CodeLocationDeployment {
  /** Code location name in Dagster (and the deployment's name in the chart). */
  name: string;
  /** Python module holding the Definitions (dagster api grpc -m). */
  module: string;
  port: number;
  /** Kubernetes Secret whose keys (ATLAS_DATABASE_URL) become the container's environment. */
  envSecret: string;
}

const q = (value: string) => JSON.stringify(value);

/**
 * The values fragment for the platform's Dagster Helm release: one entry of
 * dagster-user-deployments.deployments[], the image pinned to its digest (tag@sha256:...), so the
 * deployment rolls exactly when a release changes and never follows a re-pushed tag.
 */
export function renderValuesFragment(input: {
  deployment: CodeLocationDeployment;
  release: Release;
  channel: string;
  action: 'publish' | 'rollback';
}): string {
  const { deployment, release, channel } = input;
  const repository = release.repository;
  return [
    `# Written by the ${deployment.name} deploy target (image-publish); do not edit by hand.`,
    `# Channel ${channel}: release ${release.version} (${release.tags.join(', ')}) from commit ${release.sourceCommit},`,
    `# published ${release.publishedAt}${input.action === 'rollback' ? '; set here again by a rollback' : ''}.`,
    `# Merge into the Dagster chart values, then: helm upgrade <release> dagster/dagster -f <values> -f this file.`,
    'dagster-user-deployments:',
    '  enabled: true',
    '  deployments:',
    `    - name: ${q(deployment.name)}`,
    '      image:',
    `        repository: ${q(repository)}`,
    `        tag: ${q(pinnedTag(release.tag, release.digest))}`,
    '        pullPolicy: IfNotPresent',
    '      dagsterApiGrpcArgs:',
    '        - "-m"',
    `        - ${q(deployment.module)}`,
    `      port: ${deployment.port}`,
    '      envSecrets:',
    `        - name: ${q(deployment.envSecret)}`,
    '',
  ].join('\n');
}
