{{ config(severity='warn') }}
-- Rule (warning): the register publishes a headcount only from 5 employees. A smaller published one
-- means the register changed how it hides them, and business_employees' "lower bound" with it.

select
    organisation_number,
    employee_count

from {{ ref('stg_brreg_enheter') }}
where employee_count < 5
