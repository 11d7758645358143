
    
    



select crime_year
from "atlas"."staging"."stg_ssb_crime"
where crime_year is null


