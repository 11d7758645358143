import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '@atlas/runtime';

/** The outcome of one advisory check: what it found, or why it could not check. */
export type AuditResult =
  | { status: 'checked'; checked: number; vulnerable: string[]; notChecked: string[] }
  | { status: 'unavailable'; reason: string };

const PIP_AUDIT = 'pip-audit==2.10.1';

interface NpmAuditReport {
  message?: string;
  statusCode?: number;
  vulnerabilities?: Record<string, { severity: string; via: unknown[] }>;
  metadata?: { dependencies?: { prod?: number; total?: number } };
}

/** npm audit of the root lock (runtime dependencies), failing on high and critical advisories. */
export function npmAudit(workspaceRoot: string): AuditResult {
  // stdout alone: npm writes its report there and its complaints to stderr.
  const result = spawnSync('npm', ['audit', '--omit=dev', '--json'], {
    cwd: workspaceRoot,
    encoding: 'utf8',
    timeout: 300_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  let report: NpmAuditReport;
  try {
    report = JSON.parse(result.stdout) as NpmAuditReport;
  } catch {
    const why = (result.error?.message ?? result.stderr.trim().split('\n').at(-1)) || 'no output';
    return { status: 'unavailable', reason: `npm audit printed no report (${why})` };
  }
  if (!report.vulnerabilities) {
    return {
      status: 'unavailable',
      reason: `the registry's advisory endpoint answered ${report.statusCode ?? '?'} (${report.message ?? 'no report'})`,
    };
  }
  const vulnerable = Object.entries(report.vulnerabilities)
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  return { status: 'checked', checked: report.metadata?.dependencies?.prod ?? 0, vulnerable, notChecked: [] };
}

interface PipAuditReport {
  dependencies: { name: string; version?: string; vulns?: { id: string }[]; skip_reason?: string }[];
}

/** pip-audit of what uv.lock installs (no dev group), pinned, run with uvx from PyPI. */
export async function pipAudit(workspaceRoot: string): Promise<AuditResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'atlas-pip-audit-'));
  try {
    const uv = join(workspaceRoot, '.tools', 'uv', 'bin', 'uv');
    const requirements = join(scratch, 'requirements.txt');
    const exported = await runProcess(
      [
        uv,
        'export',
        '--frozen',
        '--no-hashes',
        '--no-emit-workspace',
        '--all-packages',
        '--no-dev',
        '-q',
        '-o',
        requirements,
      ],
      { cwd: workspaceRoot, echo: false, timeoutMs: 120_000 },
    );
    if (exported.exitCode !== 0)
      return {
        status: 'unavailable',
        reason: `uv export failed (${exported.output.trim().split('\n').at(-1)}); run node tools/scripts/python-env.mjs`,
      };
    const report = join(scratch, 'report.json');
    const audited = await runProcess(
      [
        join(workspaceRoot, '.tools', 'uv', 'bin', 'uvx'),
        '--from',
        PIP_AUDIT,
        'pip-audit',
        '--no-deps',
        '--disable-pip',
        '--progress-spinner=off',
        '-r',
        requirements,
        '-f',
        'json',
        '-o',
        report,
      ],
      { cwd: workspaceRoot, echo: false, timeoutMs: 600_000 },
    );
    let parsed: PipAuditReport;
    try {
      parsed = JSON.parse(readFileSync(report, 'utf8')) as PipAuditReport;
    } catch {
      return {
        status: 'unavailable',
        reason: `pip-audit could not run (${audited.output.trim().split('\n').at(-1)})`,
      };
    }
    const skipped = parsed.dependencies.filter((d) => d.skip_reason);
    // A package pip-audit could not look up was not checked: never counted as clean.
    if (skipped.length > 0 && skipped.length === parsed.dependencies.length) {
      return {
        status: 'unavailable',
        reason: `PyPI's advisory data (its JSON API) did not answer for any of the ${skipped.length} packages ("${skipped[0]?.skip_reason}")`,
      };
    }
    const vulnerable = parsed.dependencies
      .filter((d) => d.vulns && d.vulns.length > 0)
      .map((d) => `${d.name} ${d.version ?? ''} (${(d.vulns ?? []).map((v) => v.id).join(', ')})`);
    return {
      status: 'checked',
      checked: parsed.dependencies.length - skipped.length,
      vulnerable,
      notChecked: skipped.map((d) => `${d.name} (${d.skip_reason})`),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
