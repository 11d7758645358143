/**
 * The files GitHub Pages would serve for a site path, in the order it tries them: "/" and "/docs/" are
 * folders (their index.html); "/api" is the file itself, api.html, or api/index.html.
 */
export function pagesCandidates(sitePath: string): string[] {
  const path = sitePath.replace(/^\/+/, '');
  if (path === '' || path.endsWith('/')) return [`${path}index.html`];
  return [path, `${path}.html`, `${path}/index.html`];
}

/** Refuses a smoke path that is not a site path; undefined when it is fine. */
export function smokePathProblem(sitePath: unknown): string | undefined {
  if (typeof sitePath !== 'string' || !sitePath.startsWith('/'))
    return 'is not a site path starting with "/"';
  if (/[?#\\]|\/\.\.?(\/|$)|\/\//.test(sitePath))
    return 'must be a plain site path (no query, fragment, "..", "." or "//")';
  return undefined;
}
