<?xml version="1.0" encoding="UTF-8"?>
<!--
  render-html.xsl: TEI → one standalone, accessible HTML5 edition page.
  Wires the shared model to the HTML modules; each module can be read on its own:
  html/page.xsl (document skeleton, metadata, participants, styles), html/text.xsl (the text
  by behaviour), html/notes.xsl (note marks and the notes section).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">
  <xsl:import href="common/model.xsl"/>
  <xsl:include href="html/layout.xsl"/>
  <xsl:include href="html/page.xsl"/>
  <xsl:include href="html/site-nav.xsl"/>
  <xsl:include href="html/text.xsl"/>
  <xsl:include href="html/notes.xsl"/>
  <xsl:include href="html/mentions.xsl"/>
  <xsl:include href="html/structures.xsl"/>
  <xsl:include href="html/appearance.xsl"/>
  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>
  <xsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>
  <xsl:mode name="p:html" on-no-match="shallow-skip" use-accumulators="#all"/>
</xsl:stylesheet>
