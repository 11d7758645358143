'use client';

// Server errors reach the browser without their message in production; the server log has it
// (one line, e.g. "Cannot reach the Atlas API at ..."), matched by the digest.
export default function ErrorPage({ error }: { error: Error & { digest?: string } }) {
  return (
    <>
      <h1>The Atlas API could not answer</h1>
      <p>
        Try again in a moment.{error.digest && <span className="muted"> (reference {error.digest})</span>}
      </p>
    </>
  );
}
