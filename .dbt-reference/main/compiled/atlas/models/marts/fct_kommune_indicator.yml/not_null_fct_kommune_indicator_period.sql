
    
    



select period
from "atlas"."marts"."fct_kommune_indicator"
where period is null


