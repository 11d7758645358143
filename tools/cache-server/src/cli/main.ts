import { ConfigError, loadConfig } from '../config.js';
import { jsonLogger } from '../logger.js';
import { startCacheServer } from '../server.js';
import { openStorage } from '../storage/create-storage.js';
import { StorageConfigError } from '../storage/storage.js';

/** Entry point of the `atlas-cache-server` bin: configuration from the environment only. */
async function main(): Promise<void> {
  // The AWS SDK prints a multi-line notice about future Node versions on stderr; this process
  // speaks JSON lines only (the notice is covered in README: run on Node 22 when the base moves).
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const logger = jsonLogger();
  let config;
  let storage;
  try {
    config = loadConfig();
    storage = await openStorage(config.storage);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StorageConfigError) {
      process.stderr.write(`atlas-cache-server: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  let running;
  try {
    running = await startCacheServer({ ...config, storage, logger });
  } catch (error) {
    process.stderr.write(
      `atlas-cache-server: cannot listen on ${config.host}:${config.port}: ${(error as Error).message}\n`,
    );
    await storage.close();
    process.exit(2);
  }
  const server = running;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log('info', 'signal received', { signal });
      void server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.log('error', 'shutdown failed', { error: (error as Error).message });
          process.exit(1);
        },
      );
    });
  }
}

await main();
