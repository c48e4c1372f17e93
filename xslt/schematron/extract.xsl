<?xml version="1.0" encoding="UTF-8"?>
<!--
  schematron/extract.xsl: step 0, for RELAX NG schemas. Collect the ISO Schematron embedded in a
  RELAX NG grammar (as the TEI's generated schemas carry their constraints) into one schema:
  its ns declarations (deduplicated by prefix) and its patterns, with queryBinding xslt2.
  The result goes through include → expand → compile like any Schematron schema.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:sch="http://purl.oclc.org/dsdl/schematron"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">

  <!-- Build the schema from every embedded ns, let and pattern. -->
  <xsl:template match="/">
    <sch:schema queryBinding="xslt2">
      <xsl:for-each-group select="//sch:ns" group-by="@prefix">
        <sch:ns prefix="{@prefix}" uri="{@uri}"/>
      </xsl:for-each-group>
      <xsl:copy-of select="//sch:let[not(ancestor::sch:pattern)]"/>
      <xsl:copy-of select="//sch:pattern"/>
    </sch:schema>
  </xsl:template>
</xsl:stylesheet>
