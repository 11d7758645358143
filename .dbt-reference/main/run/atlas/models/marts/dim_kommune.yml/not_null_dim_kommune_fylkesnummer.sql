
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select fylkesnummer
from "atlas"."marts"."dim_kommune"
where fylkesnummer is null



  
  
      
    ) dbt_internal_test