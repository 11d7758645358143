
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  -- Business rule: a Norwegian kommune has people, and none has a million (Oslo, the largest, has
-- about 720,000). A count outside that range is a parse or unit error upstream, not a fact.
-- Fails with the offending rows.

select
    kommunenummer,
    period,
    value as population

from "atlas"."marts"."fct_kommune_indicator"
where indicator_id = 'population'
    and (value <= 0 or value >= 1000000)
  
  
      
    ) dbt_internal_test