
    
    



select kommunenummer
from "atlas"."staging"."stg_fhi_life_expectancy"
where kommunenummer is null


