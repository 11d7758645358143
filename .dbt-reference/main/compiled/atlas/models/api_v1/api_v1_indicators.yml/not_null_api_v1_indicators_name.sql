
    
    



select name
from "atlas"."api_v1"."indicators"
where name is null


