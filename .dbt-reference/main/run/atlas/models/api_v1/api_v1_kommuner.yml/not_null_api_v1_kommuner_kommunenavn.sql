
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select kommunenavn
from "atlas"."api_v1"."kommuner"
where kommunenavn is null



  
  
      
    ) dbt_internal_test