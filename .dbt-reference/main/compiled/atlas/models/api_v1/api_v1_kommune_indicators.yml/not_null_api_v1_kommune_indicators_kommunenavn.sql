
    
    



select kommunenavn
from "atlas"."api_v1"."kommune_indicators"
where kommunenavn is null


