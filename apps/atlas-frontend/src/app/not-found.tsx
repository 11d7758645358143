import Link from 'next/link';

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is no such kommune. See <Link href="/">all kommuner</Link>.
      </p>
    </>
  );
}
