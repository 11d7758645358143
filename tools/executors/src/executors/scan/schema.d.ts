export interface ScanExecutorSchema {
  commit?: boolean;
  image?: string;
  folders?: string[];
  npmAudit?: boolean;
  pipAudit?: boolean;
  requireAdvisories?: boolean;
}
