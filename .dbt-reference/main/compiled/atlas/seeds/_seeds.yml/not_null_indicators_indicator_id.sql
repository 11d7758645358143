
    
    



select indicator_id
from "atlas"."marts"."indicators"
where indicator_id is null


