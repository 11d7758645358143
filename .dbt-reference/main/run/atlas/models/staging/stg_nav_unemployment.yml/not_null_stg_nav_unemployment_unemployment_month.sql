
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select unemployment_month
from "atlas"."staging"."stg_nav_unemployment"
where unemployment_month is null



  
  
      
    ) dbt_internal_test