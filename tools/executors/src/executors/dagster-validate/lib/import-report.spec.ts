import { describe, expect, it } from 'vitest';
import { describeLoadError, judgeImport, summarize, type ImportReport } from './import-report.js';

const clean: ImportReport = {
  module: 'loc.defs',
  network: [],
  error: null,
  counts: { assets: 3, jobs: 1, schedules: 2, sensors: 0, asset_keys: ['a', 'b', 'c'] },
  import_seconds: 0.42,
  load_seconds: 1.5,
  open_connections: [],
};

describe('judgeImport', () => {
  it('passes a clean import under the budget', () => {
    expect(judgeImport(clean, 5, '/repo')).toBeUndefined();
  });

  it('puts an import error first and shows the file relative to the workspace', () => {
    const report: ImportReport = {
      ...clean,
      network: [
        { call: 'socket.getaddrinfo', target: 'db:5432', file: '/repo/x.py', line: 1, function: 'f' },
      ],
      error: {
        phase: 'import',
        type: 'ValueError',
        message: 'bad',
        file: '/repo/apps/loc/defs.py',
        line: 9,
        function: '<module>',
        traceback: '',
      },
    };
    expect(judgeImport(report, 5, '/repo')).toMatch(
      /^Importing loc\.defs raises ValueError: bad \(at apps\/loc\/defs\.py:9 in <module>\(\)\);/,
    );
  });

  it('counts further network attempts after the first', () => {
    const attempt = {
      call: 'socket.getaddrinfo',
      target: 'db.example:5432',
      file: '/elsewhere/lib.py',
      line: 3,
      function: 'connect',
    };
    expect(judgeImport({ ...clean, network: [attempt, attempt, attempt] }, 5, '/repo')).toBe(
      'Importing loc.defs opens a network connection: socket.getaddrinfo(db.example:5432) at /elsewhere/lib.py:3 in connect() (and 2 more); ' +
        'connect inside a resource or asset when it runs, never at import.',
    );
  });

  it('catches connections a native driver left open', () => {
    expect(judgeImport({ ...clean, open_connections: ['127.0.0.1:5432'] }, 5, '/repo')).toMatch(
      /leaves TCP connections open to 127\.0\.0\.1:5432/,
    );
  });

  it('fails an import over the budget with both numbers', () => {
    expect(judgeImport({ ...clean, import_seconds: 6.789 }, 5, '/repo')).toMatch(
      /^Importing loc\.defs took 6\.79 s, over the 5 s budget;/,
    );
  });

  it('leaves load errors to the validation', () => {
    const report: ImportReport = {
      ...clean,
      counts: null,
      error: {
        phase: 'load',
        type: 'E',
        message: 'm',
        file: null,
        line: null,
        function: null,
        traceback: '',
      },
    };
    expect(judgeImport(report, 5, '/repo')).toBeUndefined();
    expect(describeLoadError(report, '/repo')).toBe(
      'Loading the definitions of loc.defs fails with E: m (at an unknown place).',
    );
    expect(describeLoadError(clean, '/repo')).toBeUndefined();
  });
});

describe('summarize', () => {
  it('prints counts and timings on one line', () => {
    expect(summarize(clean, 5)).toBe(
      'loc.defs: 3 assets, 1 jobs, 2 schedules, 0 sensors; import 0.42 s (budget 5 s), definitions loaded in 1.50 s.',
    );
  });
});
