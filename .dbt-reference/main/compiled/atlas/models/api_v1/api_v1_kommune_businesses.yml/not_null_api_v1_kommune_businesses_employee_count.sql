
    
    



select employee_count
from "atlas"."api_v1"."kommune_businesses"
where employee_count is null


