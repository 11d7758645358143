
    
    



select fylkesnummer
from "atlas"."marts"."fylker"
where fylkesnummer is null


