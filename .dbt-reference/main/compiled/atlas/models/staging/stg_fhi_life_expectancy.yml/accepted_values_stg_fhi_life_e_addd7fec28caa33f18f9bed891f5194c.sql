
    
    

with all_values as (

    select
        sex as value_field,
        count(*) as n_records

    from "atlas"."staging"."stg_fhi_life_expectancy"
    group by sex

)

select *
from all_values
where value_field not in (
    'total','male','female'
)


