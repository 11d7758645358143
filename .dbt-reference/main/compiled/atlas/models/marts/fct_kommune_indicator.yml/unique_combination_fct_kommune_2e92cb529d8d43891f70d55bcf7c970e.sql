

select
    kommunenummer, indicator_id, period,
    count(*) as occurrences
from "atlas"."marts"."fct_kommune_indicator"
group by kommunenummer, indicator_id, period
having count(*) > 1

