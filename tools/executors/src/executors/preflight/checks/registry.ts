import { ExecutorFailure } from '../../../utils/executor-failure.js';
import { parseRepository } from '../../../utils/registry/image-reference.js';
import { RegistryClient, registryCredentials } from '../../../utils/registry/registry-client.js';
import { error, ok, type PreflightResult } from '../types.js';

const CHECK = 'registry';
const CREDENTIALS =
  'set ATLAS_REGISTRY_USERNAME and ATLAS_REGISTRY_PASSWORD (GitHub Actions: GITHUB_TOKEN with packages: write)';

/** The image registry answers, takes our credentials, and lets them push to the repository. */
export async function checkRegistry(
  repository: string,
  insecure: boolean,
  env: NodeJS.ProcessEnv,
): Promise<PreflightResult> {
  try {
    const repo = parseRepository(repository);
    const credentials = registryCredentials(repo.registry, env);
    const client = new RegistryClient({ registry: repo.registry, insecure, credentials, timeoutMs: 10_000 });
    const ping = await client.ping();
    if (!ping.anonymous && !credentials)
      return error(CHECK, `${repo.registry} asks for credentials and none are set`, CREDENTIALS);
    if (ping.status === 401)
      return error(
        CHECK,
        `${repo.registry} refused the credentials of ${credentials?.username ?? '?'} (401)`,
        `check the password or token: ${CREDENTIALS}`,
      );
    const push = await client.pushAllowed(repo.name);
    if (!push.allowed) {
      return error(
        CHECK,
        `${repo.full}: these credentials may not push (${push.status} on starting an upload)`,
        `give the credentials write access to ${repo.name} (a token scoped to push this package)`,
      );
    }
    return ok(
      CHECK,
      `${repo.full}: reachable, ${ping.anonymous ? 'no credentials needed' : 'credentials accepted'}, push allowed (upload opened and cancelled)`,
    );
  } catch (e) {
    if (!(e instanceof ExecutorFailure)) throw e;
    return error(
      CHECK,
      e.message.replace(/: check .*$/, '').replace(/\.$/, ''),
      `start the registry or fix the repository option (${repository}); check the network and TLS`,
    );
  }
}
