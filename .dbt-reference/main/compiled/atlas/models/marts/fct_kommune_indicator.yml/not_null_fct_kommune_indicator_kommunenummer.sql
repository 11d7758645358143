
    
    



select kommunenummer
from "atlas"."marts"."fct_kommune_indicator"
where kommunenummer is null


