
    
    

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


