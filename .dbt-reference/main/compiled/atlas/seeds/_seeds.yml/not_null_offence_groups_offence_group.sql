
    
    



select offence_group
from "atlas"."marts"."offence_groups"
where offence_group is null


