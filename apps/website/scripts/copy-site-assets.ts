// Copies the build-time inputs of the site into static/: the API snapshot (for /api) and the dbt docs
// (for /lineage/). Run by the `site-assets` target, which `build` and `serve` depend on.
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copySiteAssets, defaultSiteAssetPaths, SiteAssetError } from './site-assets.js';

const siteDir = dirname(dirname(fileURLToPath(import.meta.url)));
const paths = defaultSiteAssetPaths(siteDir);
try {
  const copied = copySiteAssets(paths);
  console.log(
    `site-assets: copied the API snapshot to ${relative(paths.workspaceRoot, copied.openapi)} and the dbt docs to ${relative(paths.workspaceRoot, copied.lineage)}/ (${copied.lineageFixes} fix(es) of the dbt docs page).`,
  );
} catch (error) {
  if (!(error instanceof SiteAssetError)) throw error;
  console.error(`site-assets: ${error.message}`);
  process.exit(1);
}
