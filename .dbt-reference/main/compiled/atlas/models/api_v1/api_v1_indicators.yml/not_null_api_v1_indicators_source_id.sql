
    
    



select source_id
from "atlas"."api_v1"."indicators"
where source_id is null


