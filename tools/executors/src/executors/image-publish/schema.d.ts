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
  insecureRegistry?: boolean;
  defaultBranch?: string;
  dryRun?: boolean;
  rollback?: boolean;
  smoke?: boolean;
  smokeTarget?: string;
}
