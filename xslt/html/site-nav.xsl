<?xml version="1.0" encoding="UTF-8"?>
<!-- html/site-nav.xsl: a document page as a page of a site (tei-pipeline site): the
     breadcrumb (volume › chapter › document), previous and next, and where the ids of the
     other documents are, for cross-references.  Outside a site, none of it. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">

  <!-- The page's place in the site, as JSON (pipeline/site.py writes it):
       {"volume", "home", "chapter", "chapterId", "label", "kind", "previous": {"href", "title"},
        "next": {…}, "index": {"person": URL, "term": URL}, "links": {id: URL}}. -->
  <xsl:param name="p.site" as="xs:string" select="''"/>
  <xsl:variable name="p:site" as="map(*)"
                select="if ($p.site) then parse-json($p.site) else map {}"/>
  <!-- Where the ids of other documents are: id → URL of its page (and place on it). -->
  <xsl:variable name="p:elsewhere" as="map(*)" select="($p:site?links, map {})[1]"/>

  <xsl:template name="p:breadcrumb">
    <xsl:if test="map:contains($p:site, 'home')">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <ol>
          <li><a href="{$p:site?home}"><xsl:value-of select="$p:site?volume"/></a></li>
          <xsl:if test="$p:site?chapter">
            <li><a href="{$p:site?home}#{$p:site?chapterId}">
              <xsl:value-of select="$p:site?chapter"/></a></li>
          </xsl:if>
          <li aria-current="page"><xsl:value-of select="$p:site?label"/></li>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="p:neighbours">
    <xsl:if test="exists($p:site?previous) or exists($p:site?next)">
      <nav class="neighbours" aria-label="Previous and next documents">
        <xsl:for-each select="$p:site?previous">
          <a rel="prev" href="{?href}"><span class="direction">Previous</span>
            <xsl:value-of select="?title"/></a>
        </xsl:for-each>
        <xsl:for-each select="$p:site?next">
          <a rel="next" href="{?href}"><span class="direction">Next</span>
            <xsl:value-of select="?title"/></a>
        </xsl:for-each>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- In a site, an entry of the page's index leads to every document that mentions it. -->
  <xsl:function name="p:index-page" as="xs:string?">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="$p:site?index?($kind)"/>
  </xsl:function>
</xsl:stylesheet>
