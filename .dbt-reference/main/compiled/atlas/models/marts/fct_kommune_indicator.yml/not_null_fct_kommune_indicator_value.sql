
    
    



select value
from "atlas"."marts"."fct_kommune_indicator"
where value is null


