
    
    



select indicator_id
from "atlas"."marts"."fct_kommune_indicator"
where indicator_id is null


