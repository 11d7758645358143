
    
    



select fylkesnavn
from "atlas"."marts"."fylker"
where fylkesnavn is null


