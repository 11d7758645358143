
    
    



select kommunenavn
from "atlas"."api_v1"."kommuner"
where kommunenavn is null


