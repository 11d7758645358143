export type PreflightCheckName = 'registry' | 'git-remote' | 'database' | 'python' | 'dbt' | 'code-location';

export interface PreflightExecutorSchema {
  checks?: PreflightCheckName[];
  repository?: string;
  insecureRegistry?: boolean;
  gitRemote?: string;
  databaseUrlEnv?: string;
  schemas?: string[];
  role?: string;
  pythonEnv?: string;
  dbtProject?: string;
  module?: string;
  json?: boolean;
}
