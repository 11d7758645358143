
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  

select
    kommunenummer, period, sex,
    count(*) as occurrences
from "atlas"."staging"."stg_fhi_life_expectancy"
group by kommunenummer, period, sex
having count(*) > 1


  
  
      
    ) dbt_internal_test