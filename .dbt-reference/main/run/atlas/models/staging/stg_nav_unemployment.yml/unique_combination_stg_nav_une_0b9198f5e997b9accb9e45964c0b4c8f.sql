
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  

select
    kommunenummer, unemployment_month,
    count(*) as occurrences
from "atlas"."staging"."stg_nav_unemployment"
group by kommunenummer, unemployment_month
having count(*) > 1


  
  
      
    ) dbt_internal_test