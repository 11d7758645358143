import type { ImageCheckOptions } from '../../utils/image-checks/check-options.js';

/** The image-check executor's options (schema.json); image-publish reads the same shape for its post-publish smoke. */
export type ImageCheckExecutorSchema = ImageCheckOptions;
