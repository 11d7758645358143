
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select population_year
from "atlas"."staging"."stg_ssb_population"
where population_year is null



  
  
      
    ) dbt_internal_test