import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, readSnapshot, renderFromSnapshot } from '../../scripts/api-snapshot';
import { renderApiTypes } from '../../scripts/render-api-types';

const appRoot = fileURLToPath(new URL('../..', import.meta.url));

describe('src/api/generated-types.ts', () => {
  it('is what the API snapshot libs/dbt-project/api/openapi.json produces (else: npx nx run atlas-frontend:generate-api-types)', () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(renderFromSnapshot());
  });

  it('breaks the typecheck of the app when a column the app reads leaves the contract', () => {
    // A copy of the app's sources, typed from a snapshot where kommune_indicators.value is renamed.
    const doc = readSnapshot();
    const properties = doc.components?.schemas?.['kommune_indicators']?.properties;
    if (!properties?.['value']) throw new Error('the snapshot has no kommune_indicators.value to rename');
    properties['amount'] = properties['value'];
    delete properties['value'];

    const work = join(appRoot, 'test-output', `contract-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    try {
      cpSync(join(appRoot, 'src'), join(work, 'src'), {
        recursive: true,
        filter: (path) => !path.endsWith('.spec.ts') && !path.endsWith('.spec.tsx'),
      });
      writeFileSync(join(work, 'src/api/generated-types.ts'), renderApiTypes(doc, 'changed.json'));
      writeFileSync(
        join(work, 'tsconfig.json'),
        JSON.stringify({ extends: '../../tsconfig.json', include: ['src/**/*.ts', 'src/**/*.tsx'] }),
      );
      const tsc = spawnSync(
        process.execPath,
        [join(appRoot, '../../node_modules/typescript/bin/tsc'), '--noEmit', '-p', work],
        { encoding: 'utf8' },
      );
      expect(tsc.status).not.toBe(0);
      expect(tsc.stdout).toMatch(
        /src\/app\/kommune\/\[kommunenummer\]\/page\.tsx.*Property 'value' does not exist/,
      );
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
