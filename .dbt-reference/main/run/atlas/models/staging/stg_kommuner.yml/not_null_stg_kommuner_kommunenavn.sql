
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select kommunenavn
from "atlas"."staging"."stg_kommuner"
where kommunenavn is null



  
  
      
    ) dbt_internal_test