<?xml version="1.0" encoding="UTF-8"?>
<!--
  schematron/include.xsl: step 1 of 3. Replace every sch:include with the element it points
  at, and every sch:extends/@href with the rules of the document it points at, recursively.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sch="http://purl.oclc.org/dsdl/schematron"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">

  <xsl:mode name="p:include" on-no-match="shallow-copy"/>

  <!-- Whether includes may point beyond the local file system (http: and the like). -->
  <xsl:param name="p.schematron.allow-external" as="xs:boolean" select="false()"
             xmlns:xs="http://www.w3.org/2001/XMLSchema"/>

  <!-- Run the step on a whole schema. -->
  <xsl:template match="/">
    <xsl:apply-templates select="." mode="p:include"/>
  </xsl:template>

  <!-- An include is replaced by the (fragment of the) document it points at. -->
  <xsl:template match="sch:include" mode="p:include">
    <xsl:apply-templates select="p:target(@href, .)" mode="#current"/>
  </xsl:template>

  <!-- An external extends brings in the rule content of the referenced document. -->
  <xsl:template match="sch:extends[@href]" mode="p:include">
    <xsl:apply-templates select="p:target(@href, .)/(if (self::sch:rule) then node() else .)"
                         mode="#current"/>
  </xsl:template>

  <!-- The element an href points at: the document element, or the element with the fragment id. -->
  <xsl:function name="p:target" as="element()">
    <xsl:param name="href" as="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema"/>
    <xsl:param name="from" as="element()"/>
    <xsl:variable name="uri" select="resolve-uri(substring-before($href || '#', '#'),
                                                 base-uri($from))"/>
    <xsl:if test="not($p.schematron.allow-external) and not(starts-with($uri, 'file:'))">
      <xsl:message terminate="yes" error-code="p:schematron-external"
                   select="'include of ' || $href || ' is not a local file; '
                           || 'allow it with --allow-external'"/>
    </xsl:if>
    <xsl:variable name="fragment" select="substring-after($href, '#')"/>
    <xsl:variable name="doc" select="doc($uri)"/>
    <xsl:sequence select="if ($fragment) then ($doc//*[@id = $fragment or @xml:id = $fragment])[1]
                          else $doc/*"/>
  </xsl:function>
</xsl:stylesheet>
