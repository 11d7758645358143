import type { SourceDefinition } from './source-definition.js';
import { brregEnheter } from './sources/brreg-enheter.js';
import { fhiLifeExpectancy } from './sources/fhi-life-expectancy.js';
import { kommuner } from './sources/kommuner.js';
import { navUnemployment } from './sources/nav-unemployment.js';
import { ssbCrime } from './sources/ssb-crime.js';
import { ssbPopulation } from './sources/ssb-population.js';

/** Every source Atlas ingests, in load order (the reference list first). */
export const SOURCES: readonly SourceDefinition[] = [
  kommuner,
  ssbPopulation,
  ssbCrime,
  fhiLifeExpectancy,
  brregEnheter,
  navUnemployment,
];

export const SOURCE_IDS: readonly string[] = SOURCES.map((s) => s.id);

export function findSource(id: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.id === id);
}
