-- Rule: since version 2 of its records the register hides headcounts under 5; such a unit shows only
-- harRegistrertAntallAnsatte = true. A published headcount on a unit without registered employees
-- is a contradiction in the payload (or a loader that mixed up the two fields).

select
    organisation_number,
    employee_count,
    has_registered_employees

from {{ ref('stg_brreg_enheter') }}
where employee_count is not null
    and not has_registered_employees
