
    
    



select fylkesnavn
from "atlas"."api_v1"."kommuner"
where fylkesnavn is null


