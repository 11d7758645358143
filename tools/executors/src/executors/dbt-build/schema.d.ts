export interface DbtBuildExecutorSchema {
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  targetPath?: string;
  select?: string | string[];
  exclude?: string | string[];
  vars?: Record<string, unknown>;
  threads?: number;
  failFast?: boolean;
  setupCommands?: string[][];
  state?: string;
  setupInputs?: string[];
  checkCommands?: string[][];
  timeoutMs?: number;
}
