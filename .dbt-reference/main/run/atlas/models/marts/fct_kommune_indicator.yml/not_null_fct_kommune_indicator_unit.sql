
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select unit
from "atlas"."marts"."fct_kommune_indicator"
where unit is null



  
  
      
    ) dbt_internal_test