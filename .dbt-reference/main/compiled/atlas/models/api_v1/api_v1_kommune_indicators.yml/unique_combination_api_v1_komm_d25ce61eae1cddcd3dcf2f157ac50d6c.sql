

select
    kommunenummer, indicator_id, period,
    count(*) as occurrences
from "atlas"."api_v1"."kommune_indicators"
group by kommunenummer, indicator_id, period
having count(*) > 1

