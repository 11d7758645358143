import Link from '@docusaurus/Link';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import styles from './index.module.css';

interface Entry {
  title: string;
  to: string;
  text: string;
  /** A static folder, not a Docusaurus route: a plain link that leaves the single-page app. */
  external?: boolean;
}

const ENTRIES: Entry[] = [
  {
    title: 'Getting started',
    to: '/docs/getting-started',
    text: 'Install, build everything, run the tests and this site on your machine.',
  },
  {
    title: 'Architecture',
    to: '/docs/architecture',
    text: 'The projects of the monorepo and the edges of the Nx project graph.',
  },
  {
    title: 'Data flow',
    to: '/docs/data-flow',
    text: 'From the source APIs through raw, staging and marts to the api_v1 views.',
  },
  {
    title: 'API reference',
    to: '/api',
    text: 'The public API under /v1/: every endpoint, its filters and its rows.',
  },
  {
    title: 'dbt lineage',
    to: '/lineage/',
    text: 'The dbt models, their columns, tests and lineage graph.',
    external: true,
  },
  {
    title: 'Runbooks',
    to: '/docs/runbooks',
    text: 'What to do when a build, a test, a deploy or the cache fails.',
  },
];

function EntryCard({ entry }: { entry: Entry }): ReactNode {
  const body = (
    <>
      <h2>{entry.title}</h2>
      <p>{entry.text}</p>
    </>
  );
  return entry.external ? (
    <a className={styles['card']} href={entry.to}>
      {body}
    </a>
  ) : (
    <Link className={styles['card']} to={entry.to}>
      {body}
    </Link>
  );
}

export default function Home(): ReactNode {
  const { siteConfig } = useDocusaurusContext();
  return (
    <Layout title="Norwegian open data per municipality" description={siteConfig.tagline}>
      <header className={styles['hero']}>
        <div className="container">
          <h1>{siteConfig.title}</h1>
          <p className={styles['tagline']}>{siteConfig.tagline}</p>
          <p>
            Population, reported crime, life expectancy, registered unemployment and registered businesses for
            every kommune in Norway, loaded from SSB, FHI, NAV and Brønnøysundregistrene, modelled with dbt
            and served as a read-only API under <code>/v1/</code>.
          </p>
        </div>
      </header>
      <main className="container">
        <div className={styles['grid']}>
          {ENTRIES.map((entry) => (
            <EntryCard key={entry.to} entry={entry} />
          ))}
        </div>
      </main>
    </Layout>
  );
}
