
    
    



select kommunenummer
from "atlas"."staging"."stg_brreg_enheter"
where kommunenummer is null


