
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select unit
from "atlas"."api_v1"."indicators"
where unit is null



  
  
      
    ) dbt_internal_test