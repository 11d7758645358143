
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  -- Business rule: every statistic describes a kommune on the reference list, by its four-digit
-- number. Catches aggregates such as "0" (the whole country) and pre-2024 numbers (1201 Bergen) that
-- a source still carries after a municipal merger.

with

facts as (

    select * from "atlas"."marts"."fct_kommune_indicator"

),

kommuner as (

    select * from "atlas"."marts"."dim_kommune"

)

select
    facts.kommunenummer,
    facts.indicator_id,
    count(*) as rows_affected

from facts
left join kommuner
    on facts.kommunenummer = kommuner.kommunenummer
where facts.kommunenummer !~ '^[0-9]{4}$'
    or kommuner.kommunenummer is null
group by facts.kommunenummer, facts.indicator_id
  
  
      
    ) dbt_internal_test