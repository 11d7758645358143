
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select crime_year
from "atlas"."staging"."stg_ssb_crime"
where crime_year is null



  
  
      
    ) dbt_internal_test