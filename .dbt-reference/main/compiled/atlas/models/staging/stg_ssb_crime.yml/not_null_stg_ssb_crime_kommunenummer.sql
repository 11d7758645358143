
    
    



select kommunenummer
from "atlas"."staging"."stg_ssb_crime"
where kommunenummer is null


