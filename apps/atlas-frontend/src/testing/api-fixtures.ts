import type { Indicator, Kommune, KommuneIndicator } from '../api/client';

/** Real kommuner (2024 numbers and names), as /v1/kommuner serves them. */
export const kommuner: Kommune[] = [
  {
    kommunenummer: '0301',
    kommunenavn: 'Oslo',
    fylkesnummer: '03',
    fylkesnavn: 'Oslo',
    population: 717710,
    population_year: 2024,
  },
  {
    kommunenummer: '4601',
    kommunenavn: 'Bergen',
    fylkesnummer: '46',
    fylkesnavn: 'Vestland',
    population: 291940,
    population_year: 2024,
  },
  {
    kommunenummer: '5001',
    kommunenavn: 'Trondheim',
    fylkesnummer: '50',
    fylkesnavn: 'Trøndelag',
    population: 214565,
    population_year: 2024,
  },
  {
    kommunenummer: '5501',
    kommunenavn: 'Tromsø',
    fylkesnummer: '55',
    fylkesnavn: 'Troms',
    population: null,
    population_year: null,
  },
];

export const indicators: Indicator[] = [
  {
    indicator_id: 'life_expectancy_total',
    name: 'Life expectancy',
    unit: 'years',
    source_id: 'fhi-life-expectancy',
    description: 'Expected years of life at birth.',
  },
  {
    indicator_id: 'population',
    name: 'Population',
    unit: 'persons',
    source_id: 'ssb-population',
    description: null,
  },
];

export const kommuneIndicators: KommuneIndicator[] = [
  {
    kommunenummer: '4601',
    kommunenavn: 'Bergen',
    indicator_id: 'population',
    period: '2023',
    value: 289330,
    unit: 'persons',
  },
  {
    kommunenummer: '4601',
    kommunenavn: 'Bergen',
    indicator_id: 'population',
    period: '2024',
    value: 291940,
    unit: 'persons',
  },
  {
    kommunenummer: '4601',
    kommunenavn: 'Bergen',
    indicator_id: 'life_expectancy_total',
    period: '2016-2022',
    value: 82.8,
    unit: 'years',
  },
  {
    kommunenummer: '4601',
    kommunenavn: 'Bergen',
    indicator_id: 'registered_unemployed_percent',
    period: '2024-03',
    value: 1.9,
    unit: 'percent',
  },
  {
    kommunenummer: '0301',
    kommunenavn: 'Oslo',
    indicator_id: 'population',
    period: '2024',
    value: 717710,
    unit: 'persons',
  },
];

export const apiTables = {
  kommuner,
  indicators,
  kommune_indicators: kommuneIndicators,
  kommune_businesses: [],
};
