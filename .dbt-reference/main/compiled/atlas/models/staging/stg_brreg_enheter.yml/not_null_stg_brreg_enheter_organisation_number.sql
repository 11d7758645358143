
    
    



select organisation_number
from "atlas"."staging"."stg_brreg_enheter"
where organisation_number is null


