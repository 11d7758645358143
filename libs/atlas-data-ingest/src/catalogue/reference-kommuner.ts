/**
 * Twelve real kommuner, one per county the seed documents name, with their names as SSB's
 * classification (KLASS 131) writes them from 2024. Every recorded fixture carries them, the
 * dbt project's API checks look them up, and the data-fidelity gate samples them: the one list
 * the repository keeps of "real kommuner to prove the data path on".
 */
export const REFERENCE_KOMMUNER: readonly (readonly [kommunenummer: string, kommunenavn: string])[] = [
  ['0301', 'Oslo - Oslove'],
  ['1103', 'Stavanger'],
  ['4601', 'Bergen'],
  ['5001', 'Trondheim'],
  ['5501', 'Tromsø'],
  ['3301', 'Drammen'],
  ['4204', 'Kristiansand'],
  ['1508', 'Ålesund'],
  ['1804', 'Bodø'],
  ['3403', 'Hamar'],
  ['3905', 'Tønsberg'],
  ['5601', 'Alta'],
];

export const REFERENCE_KOMMUNENUMMER: readonly string[] = REFERENCE_KOMMUNER.map(([nummer]) => nummer);
