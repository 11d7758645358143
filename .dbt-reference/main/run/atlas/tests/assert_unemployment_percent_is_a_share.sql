
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  -- Business rule: registered unemployment is a share of the labour force, so it lies between 0 and
-- 100 percent; a value outside is a unit mix-up (a fraction or a head count in the percent column).

select
    kommunenummer,
    period,
    value as unemployment_percent

from "atlas"."marts"."fct_kommune_indicator"
where indicator_id = 'unemployment_percent'
    and (value < 0 or value > 100)
  
  
      
    ) dbt_internal_test