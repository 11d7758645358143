
    
    



select indicator_id
from "atlas"."api_v1"."kommune_indicators"
where indicator_id is null


