
    
    



select unit
from "atlas"."api_v1"."kommune_indicators"
where unit is null


