
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select kommunenummer
from "atlas"."marts"."dim_kommune"
where kommunenummer is null



  
  
      
    ) dbt_internal_test