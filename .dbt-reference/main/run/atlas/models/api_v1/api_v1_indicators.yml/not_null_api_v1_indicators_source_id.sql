
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select source_id
from "atlas"."api_v1"."indicators"
where source_id is null



  
  
      
    ) dbt_internal_test