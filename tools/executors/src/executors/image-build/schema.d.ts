export interface ImageBuildExecutorSchema {
  dockerfile?: string;
  context?: string;
  ignorefile?: string;
  buildArgs?: Record<string, string>;
  output?: string;
  image?: string;
  storageDriver?: 'overlay' | 'vfs';
  storageRoot?: string;
  timeoutSeconds?: number;
}
