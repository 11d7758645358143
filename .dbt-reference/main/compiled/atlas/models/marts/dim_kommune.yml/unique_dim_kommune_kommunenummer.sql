
    
    

select
    kommunenummer as unique_field,
    count(*) as n_records

from "atlas"."marts"."dim_kommune"
where kommunenummer is not null
group by kommunenummer
having count(*) > 1


