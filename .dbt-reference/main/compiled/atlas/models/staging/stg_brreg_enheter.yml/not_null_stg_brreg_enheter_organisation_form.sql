
    
    



select organisation_form
from "atlas"."staging"."stg_brreg_enheter"
where organisation_form is null


