
    
    



select fylkesnavn
from "atlas"."marts"."dim_kommune"
where fylkesnavn is null


