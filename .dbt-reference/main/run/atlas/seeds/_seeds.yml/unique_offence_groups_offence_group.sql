
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    offence_group as unique_field,
    count(*) as n_records

from "atlas"."marts"."offence_groups"
where offence_group is not null
group by offence_group
having count(*) > 1



  
  
      
    ) dbt_internal_test