
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select population
from "atlas"."staging"."stg_ssb_population"
where population is null



  
  
      
    ) dbt_internal_test