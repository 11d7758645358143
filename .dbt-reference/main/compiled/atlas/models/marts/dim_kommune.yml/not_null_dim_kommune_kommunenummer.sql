
    
    



select kommunenummer
from "atlas"."marts"."dim_kommune"
where kommunenummer is null


