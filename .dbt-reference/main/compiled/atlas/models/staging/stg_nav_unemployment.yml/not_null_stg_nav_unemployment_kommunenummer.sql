
    
    



select kommunenummer
from "atlas"."staging"."stg_nav_unemployment"
where kommunenummer is null


