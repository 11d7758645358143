
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  

select
    kommunenummer, crime_year, offence_group,
    count(*) as occurrences
from "atlas"."staging"."stg_ssb_crime"
group by kommunenummer, crime_year, offence_group
having count(*) > 1


  
  
      
    ) dbt_internal_test