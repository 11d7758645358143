
    
    



select kommunenavn
from "atlas"."marts"."dim_kommune"
where kommunenavn is null


