import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { cloneWorkspace, runNx, type ScratchClone } from '@atlas/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** A change that breaks one gate, and the line CI's command must end up saying. */
interface PlantedFailure {
  what: string;
  plant(root: string): void;
  says: RegExp;
}

const FAILURES: PlantedFailure[] = [
  {
    what: 'a type error in a library',
    plant: (root) =>
      appendFileSync(
        join(root, 'libs/dagster-pipes/src/errors.ts'),
        "\nexport const plantedTypeError: number = 'not a number';\n",
      ),
    says: /libs\/dagster-pipes\/src\/errors\.ts\(\d+,\d+\): error TS2322: Type 'string' is not assignable to type 'number'\./,
  },
  {
    what: 'a dbt singular test that fails on the fixture data',
    plant: (root) =>
      writeFileSync(
        join(root, 'libs/dbt-project/tests/assert_planted_failure.sql'),
        "-- Oslo is in the fixtures: this test returns a row, so it fails.\nselect kommunenummer from {{ ref('dim_kommune') }} where kommunenummer = '0301'\n",
      ),
    says: /assert_planted_failure/,
  },
  {
    what: 'a code location that raises at import',
    plant: (root) => {
      const file = join(root, 'apps/atlas-data/atlas_data/definitions.py');
      appendFileSync(file, '\nraise RuntimeError("planted: the code location raises at import")\n');
      // Formatted, as a contributor's change would be: the failure is the import, not the style.
      execFileSync(join(root, '.venv/bin/ruff'), ['format', '--quiet', file]);
    },
    says: /RuntimeError: planted: the code location raises at import/,
  },
];

/** Processes whose command line or working folder is inside the clone (Linux /proc). */
function processesIn(root: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(root)) found.push(`${pid} ${cmdline.trim().slice(0, 200)}`);
    } catch {
      // Gone while reading.
    }
  }
  return found;
}

describe("CI's command on a change that breaks a gate", () => {
  let clone: ScratchClone;
  let tmp: string;
  beforeAll(async () => {
    clone = await cloneWorkspace('planted-failures', 'workspace');
    // The runs' temp files stay inside the clone's folder (removed with it).
    tmp = join(clone.root, '..', 'tmp');
    mkdirSync(tmp);
    chmodSync(tmp, 0o1777);
  });
  afterAll(() => clone?.remove());

  it.each(FAILURES.map((f) => [f.what, f] as const))(
    '%s: fails, in a line naming the cause',
    async (_what, failure) => {
      await clone.git(['checkout', '-q', '--', '.']);
      await clone.git(['clean', '-qfd', '--', 'apps', 'libs']);
      failure.plant(clone.root);
      // The command CI runs on a pull request, against the commit before the change (the working tree
      // holds the change); --nx-bail ends it at the first failed task.
      const result = await runNx(
        clone.root,
        [
          'affected',
          '-t',
          'lint',
          'test',
          'build',
          'deploy',
          '--base=HEAD',
          '--nx-bail',
          '--output-style=static',
        ],
        { env: { TMPDIR: tmp, ATLAS_DATABASE_URL: undefined }, timeoutMs: 900_000 },
      );
      const output = stripVTControlCharacters(result.output);
      expect(result.exitCode, output.slice(-3000)).not.toBe(0);
      expect(
        output.split('\n').some((line) => failure.says.test(line)),
        output.slice(-3000),
      ).toBe(true);
      // Nothing the run started outlives it.
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(processesIn(clone.root)).toEqual([]);
    },
  );
});
