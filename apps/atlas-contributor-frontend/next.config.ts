import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The workspace root: dependencies are hoisted there, so bundling and output tracing start there.
const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
};

export default nextConfig;
