
    
    



select period
from "atlas"."api_v1"."kommune_indicators"
where period is null


