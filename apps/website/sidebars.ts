import type { SidebarsConfig } from '@docusaurus/plugin-content-docs';

const sidebars: SidebarsConfig = {
  docs: [
    'getting-started',
    'architecture',
    'data-flow',
    'public-api',
    'ci-pipeline',
    'deploy-and-rollback',
    'remote-cache',
    'runbooks',
  ],
};

export default sidebars;
