
    
    



select fylkesnummer
from "atlas"."api_v1"."kommuner"
where fylkesnummer is null


