
    
    

with child as (
    select offence_group as from_field
    from "atlas"."staging"."stg_ssb_crime"
    where offence_group is not null
),

parent as (
    select offence_group as to_field
    from "atlas"."marts"."offence_groups"
)

select
    from_field

from child
left join parent
    on child.from_field = parent.to_field

where parent.to_field is null


