export interface ImageBaseExecutorSchema {
  image?: string;
  suite?: string;
  mirror?: string;
  storageDriver?: 'overlay' | 'vfs';
  storageRoot?: string;
}
