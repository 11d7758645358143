
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select fylkesnavn
from "atlas"."api_v1"."kommuner"
where fylkesnavn is null



  
  
      
    ) dbt_internal_test