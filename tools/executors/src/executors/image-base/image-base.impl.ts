import type { ExecutorContext } from '@nx/devkit';
import { failExecutor } from '../../utils/executor-failure.js';
import { makeLocalBase } from './lib/local-base.js';
import { normalizeOptions } from './lib/normalize-options.js';
import type { ImageBaseExecutorSchema } from './schema.js';

const log = (line: string) => process.stdout.write(`image-base: ${line}\n`);

export async function imageBase(
  options: ImageBaseExecutorSchema,
  _context: ExecutorContext,
): Promise<{ success: boolean }> {
  try {
    const started = Date.now();
    await makeLocalBase({ ...normalizeOptions(options), log });
    log(`done in ${Math.round((Date.now() - started) / 1000)} s.`);
    return { success: true };
  } catch (error) {
    return failExecutor('image-base', error);
  }
}

export default function imageBaseExecutor(
  options: ImageBaseExecutorSchema,
  context: ExecutorContext,
): Promise<{ success: boolean }> {
  return imageBase(options, context);
}
