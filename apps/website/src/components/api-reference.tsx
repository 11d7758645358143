import { ApiReferenceReact } from '@scalar/api-reference-react';
import '@scalar/api-reference-react/style.css';
import type { ReactNode } from 'react';

/** Scalar's API reference for one OpenAPI document; loaded lazily, in the browser only. */
export default function ApiReference({ specUrl }: { specUrl: string }): ReactNode {
  return (
    <ApiReferenceReact
      configuration={{
        url: specUrl,
        // Offline-safe: no fonts from Scalar's CDN, no usage reporting.
        withDefaultFonts: false,
        telemetry: false,
        // Collapsed tags are not rendered at all: open them so every operation is on the page.
        defaultOpenAllTags: true,
        // A plain reference: no hosted chat panel, no developer toolbar.
        agent: { disabled: true },
        showDeveloperTools: 'never',
        metaData: { title: 'Atlas API reference' },
      }}
    />
  );
}
