export type UpstreamFormat = 'json-stat' | 'csv' | 'paged-json';

export interface SourceGeneratorSchema {
  id: string;
  format: UpstreamFormat;
  table?: string;
  schedule?: string;
  title?: string;
  baseUrl?: string;
  path?: string;
  contentsCode?: string;
  indicator?: string;
  indicatorName?: string;
  unit?: string;
  skipFormat?: boolean;
}
