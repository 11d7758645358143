import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import Layout from '@theme/Layout';
import type { ReactNode } from 'react';
import SectionCards from '../components/section-cards';
import styles from './index.module.css';

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
        <SectionCards />
      </main>
    </Layout>
  );
}
