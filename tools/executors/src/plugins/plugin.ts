import type { CreateDependencies, CreateNodes } from '@nx/devkit';
import { createCrossLanguageDependencies } from './cross-language-dependencies.js';
import { createTypecheckNodes, TYPECHECK_GLOB } from './typecheck-targets.js';

/** Inferred targets: `typecheck` for every TypeScript project. */
export const createNodes: CreateNodes = [TYPECHECK_GLOB, createTypecheckNodes];

/** Graph edges Nx cannot see in imports (SQL, Python, site content); see cross-language-dependencies.ts. */
export const createDependencies: CreateDependencies = createCrossLanguageDependencies;
