
    
    



select fylkesnummer
from "atlas"."staging"."stg_kommuner"
where fylkesnummer is null


