
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select fylkesnavn
from "atlas"."marts"."fylker"
where fylkesnavn is null



  
  
      
    ) dbt_internal_test