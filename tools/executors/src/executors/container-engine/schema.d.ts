export interface ContainerEngineExecutorSchema {
  socket?: string;
  engine?: 'auto' | 'docker' | 'podman';
  dockerHost?: string;
  storageDriver?: 'overlay' | 'vfs';
  storageRoot?: string;
}
