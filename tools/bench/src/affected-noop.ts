import { performance } from 'node:perf_hooks';
import { cloneWorkspace, nxOk } from '@atlas/runtime';

/**
 * `nx affected -t lint test build` with nothing changed, daemon off, as CI on a fresh runner sees it
 * once the project graph is computed: the fixed cost every CI run and every local check pays.
 */
const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

const clone = await cloneWorkspace('noop');
try {
  const args = ['affected', '-t', 'lint', 'test', 'build', '--base=HEAD', '--head=HEAD'];
  for (const isolate of ['true', 'false']) {
    const env = { NX_ISOLATE_PLUGINS: isolate };
    await nxOk(clone.root, args, { env }); // warm-up: the first run computes and stores the project graph
    const times: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      const start = performance.now();
      await nxOk(clone.root, args, { env });
      times.push((performance.now() - start) / 1000);
    }
    console.log(
      `nx affected, no change, daemon off, NX_ISOLATE_PLUGINS=${isolate}: median ${median(times).toFixed(2)} s ` +
        `(runs: ${times.map((t) => t.toFixed(2)).join(', ')})`,
    );
  }
} finally {
  clone.remove();
}
