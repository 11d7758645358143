export interface DbtDocsExecutorSchema {
  projectDir?: string;
  profilesDir?: string;
  target?: string;
  vars?: Record<string, unknown>;
  threads?: number;
  setupCommands?: string[][];
  outputPath?: string;
  timeoutMs?: number;
}
