
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    kommunenummer as unique_field,
    count(*) as n_records

from "atlas"."api_v1"."kommune_businesses"
where kommunenummer is not null
group by kommunenummer
having count(*) > 1



  
  
      
    ) dbt_internal_test