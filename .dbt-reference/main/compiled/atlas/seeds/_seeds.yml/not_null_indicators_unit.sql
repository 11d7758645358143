
    
    



select unit
from "atlas"."marts"."indicators"
where unit is null


