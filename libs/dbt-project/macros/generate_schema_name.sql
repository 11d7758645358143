{#
    Atlas uses fixed schema names: staging, marts and api_v1 (PostgREST serves api_v1 by that name,
    and the ingest owns raw). dbt's default would prefix them with the target schema
    ("marts_api_v1"), so the folder's schema is used exactly as written.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}

    {#- A folder or model sets +schema (every folder in dbt_project.yml does): use it verbatim. -#}
    {%- if custom_schema_name is not none -%}
        {{ custom_schema_name | trim }}

    {#- Nothing set (e.g. a test storing failures, an analysis): the profile's schema. -#}
    {%- else -%}
        {{ target.schema }}

    {%- endif -%}

{%- endmacro %}
