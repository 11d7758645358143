import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: 'Atlas',
  description: 'Norwegian open statistics per municipality.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header>
          <Link href="/">Atlas</Link>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
