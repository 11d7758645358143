
    
    



select kommunenavn
from "atlas"."api_v1"."kommune_businesses"
where kommunenavn is null


