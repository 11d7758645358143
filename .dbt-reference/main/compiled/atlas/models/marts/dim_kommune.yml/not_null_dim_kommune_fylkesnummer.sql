
    
    



select fylkesnummer
from "atlas"."marts"."dim_kommune"
where fylkesnummer is null


