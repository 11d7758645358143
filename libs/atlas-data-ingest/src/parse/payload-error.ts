/**
 * A payload that does not have the shape a source expects: schema drift, a missing column, a bad
 * value. The message is one line naming the source, the row and the field.
 */
export class PayloadError extends Error {
  constructor(
    readonly source: string,
    readonly detail: string,
    readonly location: { row?: number | string; field?: string } = {},
  ) {
    const where = [
      location.row !== undefined ? `row ${location.row}` : undefined,
      location.field !== undefined ? `field "${location.field}"` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    super(`${source}: ${where ? `${where}: ` : ''}${detail}`);
    this.name = 'PayloadError';
  }
}

/** Parse JSON, turning a syntax error (e.g. a truncated download) into a PayloadError. */
export function parseJson(source: string, part: { url: string; body: string }): unknown {
  try {
    return JSON.parse(part.body) as unknown;
  } catch (error) {
    throw new PayloadError(
      source,
      `the response of ${part.url} is not valid JSON (${(error as Error).message}; ${part.body.length} characters received): the download may be truncated, run the ingest again`,
    );
  }
}
