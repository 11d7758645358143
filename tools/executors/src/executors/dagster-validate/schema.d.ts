export interface DagsterValidateExecutorSchema {
  module?: string;
  codeLocation?: string;
  importBudgetSeconds?: number;
  reportFile?: string;
  timeoutSeconds?: number;
  env?: Record<string, string>;
}
