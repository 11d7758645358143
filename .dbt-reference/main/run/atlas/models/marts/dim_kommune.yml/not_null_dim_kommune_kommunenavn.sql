
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select kommunenavn
from "atlas"."marts"."dim_kommune"
where kommunenavn is null



  
  
      
    ) dbt_internal_test