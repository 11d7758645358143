import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { projectNameAt } from './project-name.js';

describe('projectNameAt', () => {
  let ws: string;
  beforeEach(() => {
    ws = mkdtempSync(join(tmpdir(), 'atlas-project-name-'));
    mkdirSync(join(ws, 'libs/a'), { recursive: true });
  });
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it('prefers project.json, then package.json nx.name, then its name', () => {
    expect(projectNameAt(ws, 'libs/a')).toBeUndefined();
    writeFileSync(join(ws, 'libs/a/package.json'), JSON.stringify({ name: '@atlas/a' }));
    expect(projectNameAt(ws, 'libs/a')).toBe('@atlas/a');
    writeFileSync(
      join(ws, 'libs/a/package.json'),
      JSON.stringify({ name: '@atlas/a', nx: { name: 'a-pkg' } }),
    );
    expect(projectNameAt(ws, 'libs/a')).toBe('a-pkg');
    writeFileSync(join(ws, 'libs/a/project.json'), JSON.stringify({ name: 'a' }));
    expect(projectNameAt(ws, 'libs/a')).toBe('a');
  });
});
