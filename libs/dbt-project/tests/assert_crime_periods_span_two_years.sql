-- Rule: table 08487's time variable is a two-year period (2023-2024), and its figures are averages
-- over those two years. A period of another length means SSB changed the table; publishing its
-- figures under the same indicators would mix averages of different spans.

select
    period,
    count(*) as rows_affected

from {{ ref('stg_ssb_crime') }}
where period_end_year <> period_start_year + 1
group by period
