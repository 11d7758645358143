
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select offence_group
from "atlas"."staging"."stg_ssb_crime"
where offence_group is null



  
  
      
    ) dbt_internal_test