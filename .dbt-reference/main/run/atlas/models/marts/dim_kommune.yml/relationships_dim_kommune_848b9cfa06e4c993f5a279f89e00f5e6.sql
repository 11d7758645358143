
    
    select
      count(*) as failures,
      count(*) != 0 as should_warn,
      count(*) != 0 as should_error
    from (
      
    
  
    
    

with child as (
    select fylkesnummer as from_field
    from "atlas"."marts"."dim_kommune"
    where fylkesnummer is not null
),

parent as (
    select fylkesnummer as to_field
    from "atlas"."marts"."fylker"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null



  
  
      
    ) dbt_internal_test