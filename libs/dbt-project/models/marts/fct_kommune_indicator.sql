{#
    Every statistic Atlas publishes, in one long table: one row per kommune, indicator and period.
    Each source becomes one or more indicators (see the indicators seed); a period is text because
    the sources count time differently: a year (2024), a month (2024-03), a span of years
    (2023-2024, 1999-2023), or the date a register snapshot was loaded (2024-06-01).

    Only kommuner of the reference list are kept: the sources' national and county totals, their
    "unknown" buckets (9999, XX99, Ukjent), Svalbard and former kommuner stay in staging, where
    region_kind says what they are.
#}

with

kommuner as (

    select kommunenummer from {{ ref('dim_kommune') }}

),

population as (

    select
        kommunenummer,
        'population' as indicator_id,
        population_year::text as period,
        population::numeric as value

    from {{ ref('stg_ssb_population') }}

),

offence_groups as (

    select * from {{ ref('offence_groups') }}

),

-- Refs only in import CTEs: dbt build --empty (dbt-docs) wraps each ref in a subquery, which takes no alias.
crime_rates as (

    select * from {{ ref('stg_ssb_crime') }}

),

crime as (

    select
        crime_rates.kommunenummer,
        -- A code missing from the seed gives a null id, which the not_null test reports.
        'crime_per_1000_' || offence_groups.offence_group_id as indicator_id,
        crime_rates.period,
        crime_rates.offences_per_1000 as value

    from crime_rates
    left join offence_groups
        on crime_rates.offence_group_code = offence_groups.offence_group_code
    where crime_rates.region_kind = 'kommune'
        -- The groups of the grouping used until 2014 are another classification, not older
        -- figures of today's groups: they are not published.
        and coalesce(offence_groups.grouping, 'unmapped') <> 'legacy'

),

life_expectancy as (

    select
        kommunenummer,
        'life_expectancy_' || sex as indicator_id,
        period,
        life_expectancy as value

    from {{ ref('stg_fhi_life_expectancy') }}
    where region_kind = 'kommune'

),

unemployment_by_kommune as (

    select * from {{ ref('stg_nav_unemployment') }}
    where region_kind = 'kommune'

),

unemployment as (

    select
        kommunenummer,
        'unemployment_percent' as indicator_id,
        to_char(unemployment_month, 'YYYY-MM') as period,
        unemployment_percent as value

    from unemployment_by_kommune

    union all

    select
        kommunenummer,
        'unemployed_persons' as indicator_id,
        to_char(unemployment_month, 'YYYY-MM') as period,
        registered_unemployed::numeric as value

    from unemployment_by_kommune

),

-- Enhetsregisteret is a register, not a time series: each load is a snapshot, dated in Norway's
-- time zone by when the loader wrote it.
businesses_per_kommune as (

    select
        kommunenummer,
        to_char(_loaded_at at time zone 'Europe/Oslo', 'YYYY-MM-DD') as period,
        count(*) as organisation_count,
        count(*) filter (where has_registered_employees) as with_employees,
        -- The register publishes headcounts from 5: the sum of those is a lower bound.
        sum(coalesce(employee_count, 0)) as employee_count

    from {{ ref('stg_brreg_enheter') }}
    where kommunenummer is not null
    group by 1, 2

),

businesses as (

    select kommunenummer, 'business_count' as indicator_id, period, organisation_count::numeric as value
    from businesses_per_kommune

    union all

    select kommunenummer, 'business_with_employees' as indicator_id, period, with_employees::numeric as value
    from businesses_per_kommune

    union all

    select kommunenummer, 'business_employees' as indicator_id, period, employee_count::numeric as value
    from businesses_per_kommune

),

unioned as (

    select * from population
    union all
    select * from crime
    union all
    select * from life_expectancy
    union all
    select * from unemployment
    union all
    select * from businesses

),

indicators as (

    select * from {{ ref('indicators') }}

),

final as (

    select
        unioned.kommunenummer,
        unioned.indicator_id,
        unioned.period,
        unioned.value,
        indicators.unit

    from unioned
    inner join kommuner
        on unioned.kommunenummer = kommuner.kommunenummer
    left join indicators
        on unioned.indicator_id = indicators.indicator_id
    -- SSB, FHI and NAV suppress values for small numbers; a missing value is no observation.
    where unioned.value is not null

)

select * from final
