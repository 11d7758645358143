export interface ImageExportExecutorSchema {
  image?: string;
  socket?: string;
  output?: string;
  timeoutSeconds?: number;
}
