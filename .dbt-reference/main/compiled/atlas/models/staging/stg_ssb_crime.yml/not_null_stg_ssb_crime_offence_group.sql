
    
    



select offence_group
from "atlas"."staging"."stg_ssb_crime"
where offence_group is null


