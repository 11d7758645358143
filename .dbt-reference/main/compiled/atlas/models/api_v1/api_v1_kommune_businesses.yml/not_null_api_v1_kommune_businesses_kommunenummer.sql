
    
    



select kommunenummer
from "atlas"."api_v1"."kommune_businesses"
where kommunenummer is null


