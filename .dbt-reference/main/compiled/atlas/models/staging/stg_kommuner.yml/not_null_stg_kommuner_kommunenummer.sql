
    
    



select kommunenummer
from "atlas"."staging"."stg_kommuner"
where kommunenummer is null


