export interface ImagePublishExecutorSchema {
  repository: string;
  archive?: string;
  releaseVersion?: string;
  channel?: string;
  deployDir?: string;
  deploymentName?: string;
  module?: string;
  port?: number;
  envSecret?: string;
  helmRelease?: string;
  chartVersion?: string;
  postgresqlSecretName?: string;
  dagsterHome?: string;
  serviceAccountName?: string;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  labels?: Record<string, string>;
  secretScan?: boolean;
  insecureRegistry?: boolean;
  defaultBranch?: string;
  dryRun?: boolean;
  rollback?: boolean;
  smoke?: boolean;
  smokeTarget?: string;
}
