
    
    



select offence_group_id
from "atlas"."marts"."offence_groups"
where offence_group_id is null


