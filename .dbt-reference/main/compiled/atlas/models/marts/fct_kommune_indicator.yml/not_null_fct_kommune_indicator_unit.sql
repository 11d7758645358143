
    
    



select unit
from "atlas"."marts"."fct_kommune_indicator"
where unit is null


