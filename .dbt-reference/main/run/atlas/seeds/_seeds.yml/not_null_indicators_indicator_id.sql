
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select indicator_id
from "atlas"."marts"."indicators"
where indicator_id is null



  
  
      
    ) dbt_internal_test