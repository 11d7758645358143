
    
    



select source_id
from "atlas"."marts"."indicators"
where source_id is null


