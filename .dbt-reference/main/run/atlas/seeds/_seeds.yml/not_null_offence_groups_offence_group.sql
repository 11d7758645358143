
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    



select offence_group
from "atlas"."marts"."offence_groups"
where offence_group is null



  
  
      
    ) dbt_internal_test