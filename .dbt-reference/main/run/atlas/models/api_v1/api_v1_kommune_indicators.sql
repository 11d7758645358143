
  create view "atlas"."api_v1"."kommune_indicators__dbt_tmp"
    
    
      
  as (
    -- GET /v1/kommune_indicators: every value of every indicator, filterable by kommune, indicator and period.

with

facts as (

    select * from "atlas"."marts"."fct_kommune_indicator"

),

kommuner as (

    select * from "atlas"."marts"."dim_kommune"

),

final as (

    select
        facts.kommunenummer::text as kommunenummer,
        kommuner.kommunenavn::text as kommunenavn,
        facts.indicator_id::text as indicator_id,
        facts.period::text as period,
        facts.value::numeric as value,
        facts.unit::text as unit

    from facts
    inner join kommuner
        on facts.kommunenummer = kommuner.kommunenummer

)

select * from final
  );