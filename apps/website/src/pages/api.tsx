import BrowserOnly from '@docusaurus/BrowserOnly';
import useBaseUrl from '@docusaurus/useBaseUrl';
import useDocusaurusContext from '@docusaurus/useDocusaurusContext';
import Layout from '@theme/Layout';
import { lazy, Suspense, type ReactNode } from 'react';
import { specUrlFrom } from '../spec-url';

// Scalar touches window and document when it loads: import it in the browser only.
const ApiReference = lazy(() => import('../components/api-reference'));

function Loading(): ReactNode {
  return <p className="container margin-vert--lg">Loading the API reference…</p>;
}

export default function ApiPage(): ReactNode {
  const { siteConfig } = useDocusaurusContext();
  const snapshotUrl = useBaseUrl('/openapi.json');
  const url = specUrlFrom(siteConfig.customFields, snapshotUrl);
  return (
    <Layout
      title="API reference"
      description="The Atlas public API: read-only endpoints under /v1/, served by PostgREST."
    >
      <BrowserOnly fallback={<Loading />}>
        {() => (
          <Suspense fallback={<Loading />}>
            <ApiReference specUrl={url} />
          </Suspense>
        )}
      </BrowserOnly>
    </Layout>
  );
}
