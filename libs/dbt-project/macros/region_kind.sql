{#
    What a region code the publishers write stands for, so only kommuner reach the per-kommune
    marts. The sources carry more than kommuner: national totals (SSB's 0, 00, 0000 "Alle
    kommuner" and Ialt; FHI's 0), counties (two digits), "unknown" buckets (99 and XX99 "Uoppgitt",
    KLASS's own 9999, NAV's Ukjent), Svalbard (21xx, not a kommune of KLASS 131), bydeler (six
    digits). 'kommune' is any other four-digit number: today's kommuner and former ones alike, the
    marts keep those on the reference list.
#}
{% macro region_kind(code) -%}
    case
        when {{ code }} in ('0', '00', '0000', 'Ialt') then 'national'
        when {{ code }} = '99' or {{ code }} ~ '^[0-9]{2}99$' or {{ code }} = 'Ukjent' then 'unknown'
        when {{ code }} ~ '^[0-9]{2}$' then 'county'
        when {{ code }} ~ '^21[0-9]{2}$' then 'svalbard'
        when {{ code }} ~ '^[0-9]{4}$' then 'kommune'
        when {{ code }} ~ '^[0-9]{6}$' then 'bydel'
        else 'other'
    end
{%- endmacro %}
