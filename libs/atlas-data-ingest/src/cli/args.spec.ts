import { describe, expect, it } from 'vitest';
import { parseArgs } from './args.js';

describe('parseArgs', () => {
  it('reads the commands the code location and dbt-project run', () => {
    expect(parseArgs(['migrate'])).toEqual({ kind: 'migrate' });
    expect(parseArgs(['ingest', 'ssb-population'])).toEqual({
      kind: 'ingest',
      sources: ['ssb-population'],
      fixtures: false,
    });
    expect(parseArgs(['ingest', 'kommuner', '--fixtures'])).toEqual({
      kind: 'ingest',
      sources: ['kommuner'],
      fixtures: true,
    });
    expect(parseArgs(['ingest', '--all', '--fixtures'])).toEqual({
      kind: 'ingest',
      sources: 'all',
      fixtures: true,
    });
    expect(parseArgs(['ingest', '--all', '--fixtures-dir', 'x'])).toEqual({
      kind: 'ingest',
      sources: 'all',
      fixtures: true,
      fixturesDir: 'x',
    });
    expect(parseArgs(['sources'])).toEqual({ kind: 'sources' });
    expect(parseArgs(['check', '--live'])).toEqual({ kind: 'check', sources: 'all', live: true });
    expect(parseArgs(['check', 'ssb-crime', '--fixtures-dir', 'd'])).toEqual({
      kind: 'check',
      sources: ['ssb-crime'],
      live: false,
      fixturesDir: 'd',
    });
    expect(parseArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /no command given/],
    [['ingest'], /ingest needs a source id or --all/],
    [['ingest', '--all', 'kommuner'], /either source ids or --all/],
    [['migrate', '--fixtures'], /--fixtures only applies to ingest/],
    [['migrate', 'now'], /migrate takes no arguments/],
    [['load'], /unknown command "load"/],
    [['ingest', '--fast'], /unknown option "--fast"/],
    [['ingest', '--all', '--fixtures-dir'], /--fixtures-dir needs a folder/],
    [['check'], /check needs exactly one of --live/],
    [['check', '--live', '--fixtures'], /check needs exactly one of --live/],
    [['ingest', 'kommuner', '--live'], /--live only applies to check/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});
