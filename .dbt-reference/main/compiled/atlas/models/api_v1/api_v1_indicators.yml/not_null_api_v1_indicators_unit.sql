
    
    



select unit
from "atlas"."api_v1"."indicators"
where unit is null


