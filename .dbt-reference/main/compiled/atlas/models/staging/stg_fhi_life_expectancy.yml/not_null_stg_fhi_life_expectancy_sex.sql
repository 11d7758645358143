
    
    



select sex
from "atlas"."staging"."stg_fhi_life_expectancy"
where sex is null


