

select
    kommunenummer, unemployment_month,
    count(*) as occurrences
from "atlas"."staging"."stg_nav_unemployment"
group by kommunenummer, unemployment_month
having count(*) > 1

