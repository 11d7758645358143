export type PreflightStatus = 'ok' | 'warn' | 'error';

/** The outcome of one preflight check: what was found, and for anything not ok, what to do. */
export interface PreflightResult {
  check: string;
  status: PreflightStatus;
  detail: string;
  remediation?: string;
}

export const ok = (check: string, detail: string): PreflightResult => ({ check, status: 'ok', detail });
export const warn = (check: string, detail: string, remediation: string): PreflightResult => ({
  check,
  status: 'warn',
  detail,
  remediation,
});
export const error = (check: string, detail: string, remediation: string): PreflightResult => ({
  check,
  status: 'error',
  detail,
  remediation,
});
