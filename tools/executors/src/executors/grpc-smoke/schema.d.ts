export interface GrpcSmokeExecutorSchema {
  module?: string;
  codeLocation?: string;
  expectedAssets?: string[];
  startTimeoutMs?: number;
  queryTimeoutMs?: number;
  reportFile?: string;
  env?: Record<string, string>;
}
