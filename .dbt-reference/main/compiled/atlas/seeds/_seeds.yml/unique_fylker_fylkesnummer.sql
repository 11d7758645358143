
    
    

select
    fylkesnummer as unique_field,
    count(*) as n_records

from "atlas"."marts"."fylker"
where fylkesnummer is not null
group by fylkesnummer
having count(*) > 1


