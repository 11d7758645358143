
    
    



select value
from "atlas"."api_v1"."kommune_indicators"
where value is null


