import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fixDbtDocsPage } from './dbt-docs-fixups.js';

/** Where the site's build-time inputs come from and where they go. */
export interface SiteAssetPaths {
  /** The workspace root, for messages (paths are shown relative to it). */
  workspaceRoot: string;
  /** The committed OpenAPI snapshot (libs/dbt-project/api/openapi.json). */
  openapiSource: string;
  /** The dbt docs static site written by dbt-project:dbt-docs (a folder with index.html). */
  lineageSource: string;
  /** The site's static/ folder: Docusaurus serves it in dev and copies it into build/. */
  staticDir: string;
}

export const DBT_DOCS_COMMAND = 'npx nx run dbt-project:dbt-docs';
/** The site's own favicon (static/img/favicon.svg), for the dbt docs page. */
export const FAVICON_HREF = '/img/favicon.svg';

/** site-assets.json: what the site copies into static/ (the workspace plugin reads the same file). */
interface SiteAssetsFile {
  assets: Array<{ from: string; to: string; builtBy?: string }>;
}

/** Where the assets come from and go, as site-assets.json beside the site says. */
export function defaultSiteAssetPaths(siteDir: string): SiteAssetPaths {
  const workspaceRoot = join(siteDir, '..', '..');
  const { assets } = JSON.parse(readFileSync(join(siteDir, 'site-assets.json'), 'utf8')) as SiteAssetsFile;
  const source = (to: string) => {
    const entry = assets.find((a) => a.to === to);
    if (!entry)
      throw new SiteAssetError(
        `site-assets.json has no entry for ${to}: add { "from": ..., "to": "${to}" }.`,
      );
    return join(workspaceRoot, entry.from);
  };
  return {
    workspaceRoot,
    openapiSource: source('static/openapi.json'),
    lineageSource: source('static/lineage'),
    staticDir: join(siteDir, 'static'),
  };
}

/** A problem with the inputs, reported as one line. */
export class SiteAssetError extends Error {}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * Copy the OpenAPI snapshot to static/openapi.json and the dbt docs site to static/lineage/.
 * Both inputs are checked before anything is written, and each copy goes to a temporary name that
 * replaces the old one only when complete, so a failure leaves the previous assets as they were.
 */
export function copySiteAssets(paths: SiteAssetPaths): {
  openapi: string;
  lineage: string;
  lineageFixes: number;
} {
  const show = (path: string) => relative(paths.workspaceRoot, path) || '.';
  if (!isFile(paths.openapiSource)) {
    throw new SiteAssetError(
      `${show(paths.openapiSource)} is missing: it is the committed API contract; restore it from git.`,
    );
  }
  const lineageIndex = join(paths.lineageSource, 'index.html');
  if (!isFile(lineageIndex)) {
    throw new SiteAssetError(
      `${show(lineageIndex)} is missing: run \`${DBT_DOCS_COMMAND}\` first to generate the dbt docs for /lineage/.`,
    );
  }

  mkdirSync(paths.staticDir, { recursive: true });
  const openapiTarget = join(paths.staticDir, 'openapi.json');
  const openapiTemp = `${openapiTarget}.partial`;
  cpSync(paths.openapiSource, openapiTemp);
  renameSync(openapiTemp, openapiTarget);

  const lineageTarget = join(paths.staticDir, 'lineage');
  const lineageTemp = join(dirname(lineageTarget), '.lineage.partial');
  rmSync(lineageTemp, { recursive: true, force: true });
  cpSync(paths.lineageSource, lineageTemp, { recursive: true });
  const page = fixDbtDocsPage(readFileSync(join(lineageTemp, 'index.html'), 'utf8'), FAVICON_HREF);
  if (page.fixes > 0) writeFileSync(join(lineageTemp, 'index.html'), page.html);
  rmSync(lineageTarget, { recursive: true, force: true });
  renameSync(lineageTemp, lineageTarget);

  return { openapi: openapiTarget, lineage: lineageTarget, lineageFixes: page.fixes };
}
