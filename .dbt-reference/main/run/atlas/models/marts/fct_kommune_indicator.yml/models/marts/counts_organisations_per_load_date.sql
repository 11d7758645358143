
    -- Build actual result given inputs
with dbt_internal_unit_test_actual as (
  select
    "kommunenummer","indicator_id","period","value","unit", 'actual' as "actual_or_expected"
  from (
    

with

 __dbt__cte__stg_ssb_population as (

-- Fixture for stg_ssb_population
select cast(null as text) as "kommunenummer", cast(null as integer) as "population_year", cast(null as integer) as "population", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
    limit 0
),  __dbt__cte__offence_groups as (

-- Fixture for offence_groups
select cast(null as text) as "offence_group", cast(null as text) as "offence_group_id"
    limit 0
),  __dbt__cte__stg_ssb_crime as (

-- Fixture for stg_ssb_crime
select cast(null as text) as "kommunenummer", cast(null as integer) as "crime_year", cast(null as text) as "offence_group", cast(null as numeric) as "offences_per_1000", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
    limit 0
),  __dbt__cte__stg_fhi_life_expectancy as (

-- Fixture for stg_fhi_life_expectancy
select cast(null as text) as "kommunenummer", cast(null as text) as "period", cast(null as text) as "sex", cast(null as text) as "sex_as_loaded", cast(null as numeric) as "life_expectancy", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
    limit 0
),  __dbt__cte__stg_nav_unemployment as (

-- Fixture for stg_nav_unemployment
select cast(null as text) as "kommunenummer", cast(null as date) as "unemployment_month", cast(null as integer) as "registered_unemployed", cast(null as numeric) as "unemployment_percent", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
    limit 0
),  __dbt__cte__stg_brreg_enheter as (

-- Fixture for stg_brreg_enheter
select 
    
    cast('914778271' as text)
 as "organisation_number", 
    
    cast('1103' as text)
 as "kommunenummer", cast(null as text) as "organisation_form", cast(null as text) as "industry_code", cast(null as text) as "organisation_name", 
    
    cast(12 as integer)
 as "employee_count", cast(null as date) as "founded_on", cast(null as bigint) as "_load_id", 
    
    cast('2024-05-31 23:30:00+00' as timestamp with time zone)
 as "_loaded_at"
union all
select 
    
    cast('923609016' as text)
 as "organisation_number", 
    
    cast('1103' as text)
 as "kommunenummer", cast(null as text) as "organisation_form", cast(null as text) as "industry_code", cast(null as text) as "organisation_name", 
    
    cast(null as integer)
 as "employee_count", cast(null as date) as "founded_on", cast(null as bigint) as "_load_id", 
    
    cast('2024-05-31 23:30:00+00' as timestamp with time zone)
 as "_loaded_at"
union all
select 
    
    cast('971524960' as text)
 as "organisation_number", 
    
    cast('1103' as text)
 as "kommunenummer", cast(null as text) as "organisation_form", cast(null as text) as "industry_code", cast(null as text) as "organisation_name", 
    
    cast(3 as integer)
 as "employee_count", cast(null as date) as "founded_on", cast(null as bigint) as "_load_id", 
    
    cast('2024-05-31 23:30:00+00' as timestamp with time zone)
 as "_loaded_at"
union all
select 
    
    cast('974760673' as text)
 as "organisation_number", 
    
    cast('1804' as text)
 as "kommunenummer", cast(null as text) as "organisation_form", cast(null as text) as "industry_code", cast(null as text) as "organisation_name", 
    
    cast(40 as integer)
 as "employee_count", cast(null as date) as "founded_on", cast(null as bigint) as "_load_id", 
    
    cast('2024-05-31 23:30:00+00' as timestamp with time zone)
 as "_loaded_at"
),  __dbt__cte__indicators as (

-- Fixture for indicators
select 
    
    cast('business_count' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('organisations' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"
union all
select 
    
    cast('business_employees' as text)
 as "indicator_id", cast(null as text) as "name", 
    
    cast('persons' as text)
 as "unit", cast(null as text) as "source_id", cast(null as text) as "description"
), population as (

    select
        kommunenummer,
        'population' as indicator_id,
        population_year::text as period,
        population::numeric as value

    from __dbt__cte__stg_ssb_population

),

offence_groups as (

    select * from __dbt__cte__offence_groups

),

crime_rates as (

    select * from __dbt__cte__stg_ssb_crime

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

    from __dbt__cte__stg_fhi_life_expectancy

),

unemployment as (

    select
        kommunenummer,
        'unemployment_percent' as indicator_id,
        to_char(unemployment_month, 'YYYY-MM') as period,
        unemployment_percent as value

    from __dbt__cte__stg_nav_unemployment

    union all

    select
        kommunenummer,
        'unemployed_persons' as indicator_id,
        to_char(unemployment_month, 'YYYY-MM') as period,
        registered_unemployed::numeric as value

    from __dbt__cte__stg_nav_unemployment

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

    from __dbt__cte__stg_brreg_enheter
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

    select * from __dbt__cte__indicators

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
  ) _dbt_internal_unit_test_actual
),
-- Build expected result
dbt_internal_unit_test_expected as (
  select
    "kommunenummer", "indicator_id", "period", "value", "unit", 'expected' as "actual_or_expected"
  from (
    select 
    
    cast('1103' as text)
 as "kommunenummer", 
    
    cast('business_count' as text)
 as "indicator_id", 
    
    cast('2024-06-01' as text)
 as "period", 
    
    cast(3 as numeric)
 as "value", 
    
    cast('organisations' as text)
 as "unit"
union all
select 
    
    cast('1103' as text)
 as "kommunenummer", 
    
    cast('business_employees' as text)
 as "indicator_id", 
    
    cast('2024-06-01' as text)
 as "period", 
    
    cast(15 as numeric)
 as "value", 
    
    cast('persons' as text)
 as "unit"
union all
select 
    
    cast('1804' as text)
 as "kommunenummer", 
    
    cast('business_count' as text)
 as "indicator_id", 
    
    cast('2024-06-01' as text)
 as "period", 
    
    cast(1 as numeric)
 as "value", 
    
    cast('organisations' as text)
 as "unit"
union all
select 
    
    cast('1804' as text)
 as "kommunenummer", 
    
    cast('business_employees' as text)
 as "indicator_id", 
    
    cast('2024-06-01' as text)
 as "period", 
    
    cast(40 as numeric)
 as "value", 
    
    cast('persons' as text)
 as "unit"
  ) _dbt_internal_unit_test_expected
)
-- Union actual and expected results
select * from dbt_internal_unit_test_actual
union all
select * from dbt_internal_unit_test_expected