
    
    



select period
from "atlas"."staging"."stg_fhi_life_expectancy"
where period is null


