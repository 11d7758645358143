
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  

select
    kommunenummer, indicator_id, period,
    count(*) as occurrences
from "atlas"."api_v1"."kommune_indicators"
group by kommunenummer, indicator_id, period
having count(*) > 1


  
  
      
    ) dbt_internal_test