
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select value
from "atlas"."marts"."fct_kommune_indicator"
where value is null



  
  
      
    ) dbt_internal_test