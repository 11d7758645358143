

select
    kommunenummer, period, sex,
    count(*) as occurrences
from "atlas"."staging"."stg_fhi_life_expectancy"
group by kommunenummer, period, sex
having count(*) > 1

