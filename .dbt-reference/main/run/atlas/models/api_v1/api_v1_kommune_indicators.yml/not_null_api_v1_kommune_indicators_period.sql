
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select period
from "atlas"."api_v1"."kommune_indicators"
where period is null



  
  
      
    ) dbt_internal_test