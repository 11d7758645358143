
    
    



select organisation_count
from "atlas"."api_v1"."kommune_businesses"
where organisation_count is null


