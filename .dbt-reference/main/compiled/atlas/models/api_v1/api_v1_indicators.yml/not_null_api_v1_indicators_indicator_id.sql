
    
    



select indicator_id
from "atlas"."api_v1"."indicators"
where indicator_id is null


