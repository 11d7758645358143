
    
    



select kommunenummer
from "atlas"."api_v1"."kommune_indicators"
where kommunenummer is null


