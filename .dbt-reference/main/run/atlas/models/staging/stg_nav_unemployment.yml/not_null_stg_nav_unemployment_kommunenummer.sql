
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select kommunenummer
from "atlas"."staging"."stg_nav_unemployment"
where kommunenummer is null



  
  
      
    ) dbt_internal_test