
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select value
from "atlas"."api_v1"."kommune_indicators"
where value is null



  
  
      
    ) dbt_internal_test