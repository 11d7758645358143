
    
    



select kommunenummer
from "atlas"."api_v1"."kommuner"
where kommunenummer is null


