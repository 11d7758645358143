export interface PagesDeployExecutorSchema {
  buildDir: string;
  remote?: string;
  branch?: string;
  cname?: string;
  defaultBranch?: string;
  dryRun?: boolean;
  rollback?: boolean;
  smokePaths?: string[];
}
