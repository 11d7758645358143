import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCodeLocationConfig, resolveCodeLocation } from './code-location.js';

describe('readCodeLocationConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atlas-code-location-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (text: string) => writeFileSync(join(dir, 'pyproject.toml'), text);

  it('reads module, paths and expected assets', () => {
    write(
      '[project]\nname = "loc"\n\n[tool.atlas.code-location]\nmodule = "loc.definitions"\ndbt-project = "../../libs/dbt"\n' +
        'ingest = "../../libs/ingest"\nexpected-assets = ["raw/ssb_population", "dim_kommune"]\n',
    );
    expect(readCodeLocationConfig(dir)).toEqual({
      module: 'loc.definitions',
      dbtProject: '../../libs/dbt',
      ingest: '../../libs/ingest',
      expectedAssets: ['raw/ssb_population', 'dim_kommune'],
    });
  });

  it('is undefined for a folder that is not a code location', () => {
    expect(readCodeLocationConfig(dir)).toBeUndefined();
    write('[project]\nname = "lib"\n');
    expect(readCodeLocationConfig(dir)).toBeUndefined();
  });

  it('names the table and the fix for a missing or malformed module', () => {
    write('[tool.atlas.code-location]\ndbt-project = "x"\n');
    expect(() => readCodeLocationConfig(dir)).toThrow(
      /\[tool\.atlas\.code-location\] in .*pyproject\.toml needs module = /,
    );
    write('[tool.atlas.code-location]\nmodule = "not a module"\n');
    expect(() => readCodeLocationConfig(dir)).toThrow(/needs module = /);
  });

  it('refuses expected assets that are not a list of keys', () => {
    write('[tool.atlas.code-location]\nmodule = "m"\nexpected-assets = "raw/x"\n');
    expect(() => readCodeLocationConfig(dir)).toThrow(/expected-assets must be a list of asset keys/);
  });

  it('refuses a file that is not TOML, naming it', () => {
    write('[tool.atlas.code-location\nmodule = ');
    expect(() => readCodeLocationConfig(dir)).toThrow(/pyproject\.toml is not valid TOML/);
  });
});

describe('resolveCodeLocation', () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), 'atlas-code-location-ws-'));
    mkdirSync(join(workspace, 'apps/loc'), { recursive: true });
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  it('takes the module from the options, else from the pyproject table', () => {
    expect(resolveCodeLocation({ module: 'given' }, workspace, 'apps/loc')).toEqual({
      cwd: join(workspace, 'apps/loc'),
      module: 'given',
      config: undefined,
    });
    writeFileSync(
      join(workspace, 'apps/loc/pyproject.toml'),
      '[tool.atlas.code-location]\nmodule = "loc.defs"\n',
    );
    expect(resolveCodeLocation({}, workspace, 'apps/loc').module).toBe('loc.defs');
  });

  it('says where to declare the module when there is none', () => {
    expect(() => resolveCodeLocation({}, workspace, 'apps/loc')).toThrow(
      'No Dagster module given: set the "module" option or add [tool.atlas.code-location] module = "..." to apps/loc/pyproject.toml.',
    );
  });
});
