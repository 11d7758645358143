export interface ContainerEngineReadyExecutorSchema {
  socket?: string;
  timeoutSeconds?: number;
}
