
  
    

  create  table "atlas"."marts"."fct_kommune_indicator__dbt_tmp"
  
  
    as
  
  (
    

with

population as (

    select
        kommunenummer,
        'population' as indicator_id,
        population_year::text as period,
        population::numeric as value

    from "atlas"."staging"."stg_ssb_population"

),

offence_groups as (

    select * from "atlas"."marts"."offence_groups"

),

crime_rates as (

    select * from "atlas"."staging"."stg_ssb_crime"

),

crime as (

    select
        crime_rates.kommunenummer,
        -- An unmapped offence group gives a null id, which the not_null test reports.
        'crime_per_1000_' || offence_groups.offence_group_id as indicator_id,
        crime_rates.crime_year::text as period,
        crime_rates.offences_per_1000 as value

    from crime_rates
    left join offence_groups
        on crime_rates.offence_group = offence_groups.offence_group

),

life_expectancy as (

    select
        kommunenummer,
        'life_expectancy_' || sex as indicator_id,
        period,
        life_expectancy as value

    from "atlas"."staging"."stg_fhi_life_expectancy"

),

unemployment as (

    select
        kommunenummer,
        'unemployment_percent' as indicator_id,
        to_char(unemployment_month, 'YYYY-MM') as period,
        unemployment_percent as value

    from "atlas"."staging"."stg_nav_unemployment"

    union all

    select
        kommunenummer,
        'unemployed_persons' as indicator_id,
        to_char(unemployment_month, 'YYYY-MM') as period,
        registered_unemployed::numeric as value

    from "atlas"."staging"."stg_nav_unemployment"

),

-- Enhetsregisteret is a register, not a time series: each load is a snapshot, dated in Norway's
-- time zone by when the loader wrote it.
businesses_per_kommune as (

    select
        kommunenummer,
        to_char(_loaded_at at time zone 'Europe/Oslo', 'YYYY-MM-DD') as period,
        count(*) as organisation_count,
        -- Units that report no employees count as none, so the sum is a lower bound.
        sum(coalesce(employee_count, 0)) as employee_count

    from "atlas"."staging"."stg_brreg_enheter"
    group by 1, 2

),

businesses as (

    select
        kommunenummer,
        'business_count' as indicator_id,
        period,
        organisation_count::numeric as value

    from businesses_per_kommune

    union all

    select
        kommunenummer,
        'business_employees' as indicator_id,
        period,
        employee_count::numeric as value

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

    select * from "atlas"."marts"."indicators"

),

final as (

    select
        unioned.kommunenummer,
        unioned.indicator_id,
        unioned.period,
        unioned.value,
        indicators.unit

    from unioned
    left join indicators
        on unioned.indicator_id = indicators.indicator_id
    -- SSB and FHI suppress values for small populations; a missing value is no observation.
    where unioned.value is not null

)

select * from final
  );
  