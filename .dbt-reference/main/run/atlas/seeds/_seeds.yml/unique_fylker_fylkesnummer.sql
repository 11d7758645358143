
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    fylkesnummer as unique_field,
    count(*) as n_records

from "atlas"."marts"."fylker"
where fylkesnummer is not null
group by fylkesnummer
having count(*) > 1



  
  
      
    ) dbt_internal_test