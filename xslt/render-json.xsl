<?xml version="1.0" encoding="UTF-8"?>
<!--
  render-json.xsl: TEI → the documented JSON structure (schemas/render-json.schema.json).
  Wires the shared model to json/document.xsl (metadata, participants, speeches, notes, pages),
  json/blocks.xsl (the text as blocks with note and page anchors at character offsets), and
  json/write.xsl (JSON written as text).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">
  <xsl:import href="common/model.xsl"/>
  <xsl:include href="json/blocks.xsl"/>
  <xsl:include href="json/document.xsl"/>
  <xsl:include href="json/write.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:mode use-accumulators="#all"/>
  <xsl:mode name="p:pieces" on-no-match="shallow-skip" use-accumulators="#all"/>
</xsl:stylesheet>
