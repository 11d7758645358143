
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  

select
    kommunenummer, population_year,
    count(*) as occurrences
from "atlas"."staging"."stg_ssb_population"
group by kommunenummer, population_year
having count(*) > 1


  
  
      
    ) dbt_internal_test