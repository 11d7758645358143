{#
    SSB answers a region of a grouping codelist with the grouping's prefix: agg_KommSummer writes
    Oslo as K-0301 (other groupings use K_ or K.). Staging strips it, so every model downstream
    sees one spelling of a kommunenummer.
#}
{% macro strip_region_prefix(column) -%}
    regexp_replace(trim({{ column }}), '^K[-_.]', '')
{%- endmacro %}
