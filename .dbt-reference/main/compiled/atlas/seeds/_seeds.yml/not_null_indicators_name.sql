
    
    



select name
from "atlas"."marts"."indicators"
where name is null


