import { existsSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { ExecutorFailure, failExecutor, projectRootOf, resolveCodeLocation, resolveInWorkspace, runProcess } from '../../runtime/index.js';
import { storeRoots } from './image-build.impl.js';
import { containersEnv } from './lib/containers-env.js';
import { lastWords, requireTool, runTool } from './lib/host-tools.js';
import type { ImageCheckExecutorSchema } from './image-check.schema.js';

const log = (line: string) => process.stdout.write(`image-check: ${line}\n`);

interface CheckResult {
  check: string;
  ok: boolean;
  detail: string;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function imageCheck(options: ImageCheckExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  let store: { env: Record<string, string>; remove(): void } | undefined;
  let container: string | undefined;
  try {
    const projectRoot = projectRootOf(context);
    const archive = resolveInWorkspace(context.root, projectRoot, options.archive ?? 'dist/{projectRoot}/image.oci.tar', 'archive');
    const shownArchive = relative(context.root, archive);
    if (!existsSync(archive)) throw new ExecutorFailure(`The image archive ${shownArchive} does not exist: build it first (npx nx run ${context.projectName ?? '<project>'}:image).`);
    const module = resolveCodeLocation({ module: options.module }, context.root, projectRoot).module;
    const manifestPath = options.manifestPath ?? '/app/libs/dbt-project/target/manifest.json';
    await requireTool('buildah');
    store = containersEnv({ ...storeRoots(options.storageRoot), driver: options.storageDriver ?? 'overlay' });
    const env = store.env;

    const started = Date.now();
    container = (await runTool(['buildah', 'from', '--quiet', `oci-archive:${archive}`], { env, what: `Opening ${shownArchive}`, timeoutMs: 1_800_000 })).trim().split('\n').at(-1);
    const name = container;
    if (!name) throw new ExecutorFailure(`buildah from ${shownArchive} printed no container name.`);
    const inImage = async (argv: string[], timeoutMs = 300_000) =>
      runProcess(['buildah', 'run', '--isolation', 'chroot', name, '--', ...argv], { env, echo: false, timeoutMs, tailLines: 60 });

    const results: CheckResult[] = [];
    const user = (await runTool(['buildah', 'inspect', '--type', 'container', '--format', '{{.OCIv1.Config.User}}', name], { env, what: 'Reading the image config' })).trim();
    const uid = await inImage(['id', '-u']);
    const uidValue = uid.output.trim().split('\n').at(-1) ?? '';
    results.push({ check: 'runs as non-root', ok: uid.exitCode === 0 && /^\d+$/.test(uidValue) && uidValue !== '0', detail: `USER ${user || '(unset)'}, uid ${uidValue || '?'}` });

    const manifest = await inImage(['python', '-c', 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["nodes"]), "nodes")', manifestPath]);
    results.push({ check: 'dbt manifest baked in', ok: manifest.exitCode === 0, detail: manifest.exitCode === 0 ? `${manifestPath}: ${lastWords(manifest.output)}` : lastWords(manifest.output) });

    // From a writable folder: without DAGSTER_HOME (the chart sets one) the CLI makes a temporary
    // instance in the working directory, and /app belongs to root.
    const validate = await inImage(['sh', '-c', 'cd /tmp && exec dagster definitions validate -m "$0"', module], 600_000);
    results.push({ check: 'dagster definitions validate', ok: validate.exitCode === 0, detail: `-m ${module}: ${lastWords(validate.output)}` });

    const nodeMajor = options.nodeMajor ?? 20;
    if (nodeMajor > 0) {
      const node = await inImage(['node', '--version']);
      const version = node.output.trim().split('\n').at(-1) ?? '';
      results.push({ check: `Node.js ${nodeMajor}`, ok: node.exitCode === 0 && version.startsWith(`v${nodeMajor}.`), detail: node.exitCode === 0 ? version : lastWords(node.output) });
    }

    const imageId = (await runTool(['buildah', 'inspect', '--type', 'container', '--format', '{{.FromImageID}}', name], { env, what: 'Reading the image id' })).trim();
    const images = JSON.parse(await runTool(['buildah', 'images', '--json', '--no-trunc'], { env, what: 'Listing images' })) as { id: string; size: string }[];
    const bare = (id: string) => id.replace(/^sha256:/, '');
    const size = images.find((i) => bare(i.id) === bare(imageId))?.size ?? '?';
    log(`image ${shownArchive}: ${size} unpacked, ${mib(statSync(archive).size)} compressed; checks took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    for (const r of results) log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.check.padEnd(30)} ${r.detail}`);
    const failed = results.filter((r) => !r.ok);
    if (failed.length) throw new ExecutorFailure(`${failed.length} check(s) failed in the image: ${failed.map((r) => `${r.check} (${r.detail})`).join('; ')}.`);
    return { success: true };
  } catch (error) {
    return failExecutor('image-check', error);
  } finally {
    if (container && store) await runProcess(['buildah', 'rm', container], { env: store.env, echo: false, timeoutMs: 120_000 });
    store?.remove();
  }
}

export default function imageCheckExecutor(options: ImageCheckExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return imageCheck(options, context);
}
