import { CATALOGUE } from './catalogue-entry.js';
import type { SourceDefinition } from './source-definition.js';
import { brregEnheter } from './sources/brreg-enheter/brreg-enheter.js';
import { fhiLifeExpectancy } from './sources/fhi-life-expectancy/fhi-life-expectancy.js';
import { kommuner } from './sources/kommuner/kommuner.js';
import { navUnemployment } from './sources/nav-unemployment/nav-unemployment.js';
import { ssbCrime } from './sources/ssb-crime/ssb-crime.js';
import { ssbPopulation } from './sources/ssb-population/ssb-population.js';

const DEFINITIONS: readonly SourceDefinition[] = [
  kommuner,
  ssbPopulation,
  ssbCrime,
  fhiLifeExpectancy,
  brregEnheter,
  navUnemployment,
];

/** Every source Atlas ingests, in the order of sources.json (the reference list first). */
export const SOURCES: readonly SourceDefinition[] = CATALOGUE.sources.map(({ id }) => {
  const definition = DEFINITIONS.find((d) => d.id === id);
  if (!definition)
    throw new Error(`source "${id}" of sources.json has no definition in src/catalogue/sources/.`);
  return definition;
});

export const SOURCE_IDS: readonly string[] = SOURCES.map((s) => s.id);

export function findSource(id: string): SourceDefinition | undefined {
  return SOURCES.find((s) => s.id === id);
}
