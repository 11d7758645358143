import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The workspace root: dependencies are hoisted there, so bundling and output tracing start there.
const workspaceRoot = fileURLToPath(new URL('../..', import.meta.url));

const nextConfig: NextConfig = {
  reactStrictMode: true,
  // Types are the typecheck target's job (tsc --noEmit over the app and its tests); the build does not
  // check them a second time, so it reads only what the app ships.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
};

export default nextConfig;
