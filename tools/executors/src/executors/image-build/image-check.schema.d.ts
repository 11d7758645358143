export interface ImageCheckExecutorSchema {
  archive?: string;
  module?: string;
  manifestPath?: string;
  nodeMajor?: number;
  storageDriver?: 'overlay' | 'vfs';
  storageRoot?: string;
}
