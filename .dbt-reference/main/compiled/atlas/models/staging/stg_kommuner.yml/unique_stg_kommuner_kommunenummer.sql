
    
    

select
    kommunenummer as unique_field,
    count(*) as n_records

from "atlas"."staging"."stg_kommuner"
where kommunenummer is not null
group by kommunenummer
having count(*) > 1


