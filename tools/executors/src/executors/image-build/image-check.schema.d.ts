export interface ImageCheckExecutorSchema {
  archive?: string;
  module?: string;
  manifestPath?: string;
  nodeMajor?: number;
  serverCommand?: string[];
  expectedAssets?: string[];
  serverStartTimeoutSeconds?: number;
  migrateCommand?: string[];
  storageDriver?: 'overlay' | 'vfs';
  storageRoot?: string;
}
