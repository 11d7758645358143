export interface ImageExportExecutorSchema {
  image?: string;
  socket?: string;
  readStore?: boolean;
  output?: string;
  timeoutSeconds?: number;
}
