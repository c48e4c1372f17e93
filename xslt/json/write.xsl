<?xml version="1.0" encoding="UTF-8"?>
<!--
  json/write.xsl: JSON written as text.  The many small objects of a document (its blocks and
  speeches) are written as they are worked out; the rest of the document is handed to the
  serializer (serialize(), in one call: json/document.xsl).  Saxon's JSON serializer was half
  of the JSON rendering of a play: it takes longer for an entry of a map than writing its text
  does, and the maps need building first.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">

  <!-- How serialize() writes a value: as the JSON output method does, on one line. -->
  <xsl:variable name="p:json" as="map(*)" select="map {'method': 'json', 'indent': false()}"/>

  <!-- A string as a JSON string: quoted and escaped (p:json-escaped). -->
  <xsl:function name="p:json-string" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="'&quot;' || p:json-escaped($text) || '&quot;'"/>
  </xsl:function>

  <!-- The characters of a string as a JSON string has them (unquoted): its backslashes,
       quotation marks and control characters escaped (XML text can hold no control character
       but line feed, carriage return and tab).  Most text has none of them: it is looked at
       once.  (The replacing stays in a function of its own: written here, it made the JSON
       rendering of plays with few line breaks 4 % more instructions, likely as Saxon no longer
       inlined this function.) -->
  <xsl:function name="p:json-escaped" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (matches($text, '[&quot;\\&#9;&#10;&#13;]')) then p:json-escapes($text)
                          else $text"/>
  </xsl:function>
  <!-- A text that has some of those characters is searched for each, and only what it has is
       replaced (a line break from a TEI lb, say): a replace() takes some 100,000 instructions
       or more, a contains() a few hundred. -->
  <xsl:function name="p:json-escapes" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="
        let $text := if (contains($text, '\')) then replace($text, '\', '\\', 'q') else $text,
            $text := if (contains($text, '&quot;')) then replace($text, '&quot;', '\&quot;', 'q')
                     else $text,
            $text := if (contains($text, '&#10;')) then replace($text, '&#10;', '\n', 'q') else $text,
            $text := if (contains($text, '&#13;')) then replace($text, '&#13;', '\r', 'q') else $text
        return if (contains($text, '&#9;')) then replace($text, '&#9;', '\t', 'q') else $text"/>
  </xsl:function>

  <!-- A value as JSON: nothing is null; strings and integers are written at once, anything
       else (maps, arrays, other numbers, booleans) by the serializer. -->
  <xsl:function name="p:json-value" as="xs:string">
    <xsl:param name="value" as="item()?"/>
    <xsl:sequence select="if (empty($value)) then 'null'
        else if ($value instance of xs:string) then p:json-string($value)
        else if ($value instance of xs:integer) then string($value)
        else serialize($value, $p:json)"/>
  </xsl:function>

  <!-- Strings as a JSON array of strings. -->
  <xsl:function name="p:json-strings" as="xs:string">
    <xsl:param name="strings" as="xs:string*"/>
    <xsl:sequence select="'[' || string-join($strings ! p:json-string(.), ',') || ']'"/>
  </xsl:function>
</xsl:stylesheet>
