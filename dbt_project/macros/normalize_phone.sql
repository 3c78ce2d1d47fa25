{#-
    A phone number as typed -> E.164 ('+8613812345678'), or null when it cannot be a phone number.

    Accepted (all give '+8613812345678'): '+86 138 1234 5678', '138-1234-5678', '0086 13812345678',
    '8613812345678', '13812345678', full-width '１３８１２３４５６７８'.
    - full-width digits, plus, dash, brackets, dot and ideographic space become half-width first;
    - separators (spaces, brackets, dashes, dots) are dropped; anything else left (letters, a '+' not at
      the start) makes the value garbage -> null;
    - '+<digits>' keeps the '+' and its digits (8-15 digits, the E.164 length);
      '00<digits>' is the international prefix -> '+<digits>';
    - 11 digits starting with 1 is a mainland mobile -> '+86...'; '861' + 10 digits -> '+861...';
    - 10-12 digits starting with a single 0 is a mainland landline with its trunk 0 -> '+86<area><number>';
    - any other digit string without a country code (too short, too long) -> null.
-#}
{% macro normalize_phone(column) -%}
    {{ return(adapter.dispatch('normalize_phone', 'customer_insight')(column)) }}
{%- endmacro %}

{% macro default__normalize_phone(column) -%}
    {%- set halfwidth = "translate(" ~ column ~ ", '０１２３４５６７８９＋－（）．　', '0123456789+-(). ')" -%}
    {%- set compact = "regexp_replace(" ~ halfwidth ~ ", '[[:space:]().-]', '', 'g')" -%}
    {%- set digits = "regexp_replace(" ~ compact ~ ", '[^0-9]', '', 'g')" -%}
    (case
        when {{ column }} is null then null
        when not ({{ compact }} ~ '^\+?[0-9]+$') then null
        when {{ compact }} like '+%'
            then case when length({{ digits }}) between 8 and 15 then '+' || {{ digits }} end
        when {{ digits }} like '00%'
            then case when length({{ digits }}) between 10 and 17 then '+' || substr({{ digits }}, 3) end
        when length({{ digits }}) = 11 and {{ digits }} like '1%' then '+86' || {{ digits }}
        when length({{ digits }}) = 13 and {{ digits }} like '861%' then '+' || {{ digits }}
        when length({{ digits }}) between 10 and 12 and {{ digits }} like '0%'
            then '+86' || substr({{ digits }}, 2)
    end)
{%- endmacro %}

