
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    indicator_id as unique_field,
    count(*) as n_records

from "atlas"."api_v1"."indicators"
where indicator_id is not null
group by indicator_id
having count(*) > 1



  
  
      
    ) dbt_internal_test