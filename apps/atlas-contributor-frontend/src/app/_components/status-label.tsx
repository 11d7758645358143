/** A load or dbt status, coloured by what it means (see globals.css). */
export function StatusLabel({ status }: { status: string }) {
  return <span className={`status-${status.replace(/\s+/g, '-')}`}>{status}</span>;
}
