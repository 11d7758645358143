
    
    



select kommunenummer
from "atlas"."staging"."stg_ssb_population"
where kommunenummer is null


