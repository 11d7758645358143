
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select period
from "atlas"."marts"."fct_kommune_indicator"
where period is null



  
  
      
    ) dbt_internal_test