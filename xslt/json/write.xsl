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

  <!-- The characters of a string as a JSON string has them (unquoted): its quotation marks,
       backslashes and control characters escaped (XML text can hold no control character but
       tab, line feed and carriage return).  Most text has none of them: it is looked at once,
       and replaced only when it has (a replace() costs some 50,000 instructions). -->
  <xsl:function name="p:json-escaped" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (not(matches($text, '[&quot;\\&#9;&#10;&#13;]'))) then $text
        else replace(replace(replace(replace(replace($text, '\', '\\', 'q'), '&quot;', '\&quot;', 'q'),
                                     '&#10;', '\n', 'q'), '&#13;', '\r', 'q'), '&#9;', '\t', 'q')"/>
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
