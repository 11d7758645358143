

select
    kommunenummer, crime_year, offence_group,
    count(*) as occurrences
from "atlas"."staging"."stg_ssb_crime"
group by kommunenummer, crime_year, offence_group
having count(*) > 1

