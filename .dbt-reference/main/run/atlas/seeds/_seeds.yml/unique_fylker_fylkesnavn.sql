
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

select
    fylkesnavn as unique_field,
    count(*) as n_records

from "atlas"."marts"."fylker"
where fylkesnavn is not null
group by fylkesnavn
having count(*) > 1



  
  
      
    ) dbt_internal_test