
    
    



select kommunenavn
from "atlas"."staging"."stg_kommuner"
where kommunenavn is null


