
    
    

select
    fylkesnavn as unique_field,
    count(*) as n_records

from "atlas"."marts"."fylker"
where fylkesnavn is not null
group by fylkesnavn
having count(*) > 1


