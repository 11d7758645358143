
-- Fixture for stg_brreg_enheter
select cast(null as text) as "organisation_number", cast(null as text) as "kommunenummer", cast(null as text) as "organisation_form", cast(null as text) as "industry_code", cast(null as text) as "organisation_name", cast(null as integer) as "employee_count", cast(null as date) as "founded_on", cast(null as bigint) as "_load_id", cast(null as timestamp with time zone) as "_loaded_at"
    limit 0