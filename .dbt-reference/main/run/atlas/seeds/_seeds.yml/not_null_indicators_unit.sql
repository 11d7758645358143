
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select unit
from "atlas"."marts"."indicators"
where unit is null



  
  
      
    ) dbt_internal_test