
    
    

select
    organisation_number as unique_field,
    count(*) as n_records

from "atlas"."staging"."stg_brreg_enheter"
where organisation_number is not null
group by organisation_number
having count(*) > 1


