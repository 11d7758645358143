
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select organisation_form
from "atlas"."staging"."stg_brreg_enheter"
where organisation_form is null



  
  
      
    ) dbt_internal_test