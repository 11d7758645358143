
    
    

with all_values as (

    select
        source_id as value_field,
        count(*) as n_records

    from "atlas"."marts"."indicators"
    group by source_id

)

select *
from all_values
where value_field not in (
    'kommuner','ssb-population','ssb-crime','fhi-life-expectancy','brreg-enheter','nav-unemployment'
)


