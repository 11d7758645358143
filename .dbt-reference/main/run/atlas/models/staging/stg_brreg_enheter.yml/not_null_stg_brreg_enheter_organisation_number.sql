
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select organisation_number
from "atlas"."staging"."stg_brreg_enheter"
where organisation_number is null



  
  
      
    ) dbt_internal_test