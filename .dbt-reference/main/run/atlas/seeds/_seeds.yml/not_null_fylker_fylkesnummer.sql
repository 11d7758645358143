
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select fylkesnummer
from "atlas"."marts"."fylker"
where fylkesnummer is null



  
  
      
    ) dbt_internal_test