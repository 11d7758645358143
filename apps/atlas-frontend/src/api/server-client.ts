import { AtlasApiClient } from './client';
import { readApiBaseUrl } from './config';

/** The client pages use: configured from the environment at request time, never at build time. */
export function apiClient(): AtlasApiClient {
  return new AtlasApiClient(readApiBaseUrl(process.env));
}
