

select
    kommunenummer, population_year,
    count(*) as occurrences
from "atlas"."staging"."stg_ssb_population"
group by kommunenummer, population_year
having count(*) > 1

