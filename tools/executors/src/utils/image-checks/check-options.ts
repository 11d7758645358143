import { resolveCodeLocation } from '../code-location.js';
import type { ImageChecks } from './check-image.js';

/** The options of an image-check target: what to check inside a code location's image, and where its store is. */
export interface ImageCheckOptions {
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

/** What to check in a code location's image: the target's options over the project's code-location config. */
export function imageChecksFor(
  options: Omit<ImageCheckOptions, 'archive' | 'storageDriver' | 'storageRoot'>,
  workspaceRoot: string,
  projectRoot: string,
): Omit<ImageChecks, 'archive' | 'shownArchive' | 'graphRoot' | 'runRoot' | 'driver'> {
  const location = resolveCodeLocation({ module: options.module }, workspaceRoot, projectRoot);
  return {
    module: location.module,
    manifestPath: options.manifestPath ?? '/app/libs/dbt-project/target/manifest.json',
    nodeMajor: options.nodeMajor ?? 20,
    serverCommand: options.serverCommand,
    expectedAssets: options.expectedAssets ?? location.config?.expectedAssets ?? [],
    serverStartTimeoutMs: (options.serverStartTimeoutSeconds ?? 180) * 1000,
    migrateCommand: options.migrateCommand ?? [],
    workspaceRoot,
  };
}
