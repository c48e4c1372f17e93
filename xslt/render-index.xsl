<?xml version="1.0" encoding="UTF-8"?>
<!--
  render-index.xsl: the index page of a build (tei-pipeline build DIR), from the list of
  documents pipeline/batch.py assembles (<p:index> of <p:document> with title, date,
  speakers, validation status and outputs): a table of them, in the document pages' layout.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">
  <xsl:include href="html/layout.xsl"/>
  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>

  <xsl:template match="/p:index">
    <xsl:call-template name="p:page">
      <xsl:with-param name="title" select="'Documents'"/>
      <xsl:with-param name="css" select="$p:css || $p:index-css"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="p:index" mode="p:page-header"><h1>Documents</h1></xsl:template>

  <xsl:template match="p:index" mode="p:page-main">
    <p><xsl:value-of select="count(p:document) || ' document'
                             || (if (count(p:document) ne 1) then 's.' else '.')"/></p>
    <div class="table-wrap">
      <table class="documents">
        <thead>
          <tr><th scope="col">Title</th><th scope="col">Date</th>
            <th scope="col">Speakers</th><th scope="col">Status</th>
            <th scope="col">Other formats</th></tr>
        </thead>
        <tbody><xsl:apply-templates select="p:document"/></tbody>
      </table>
    </div>
  </xsl:template>

  <xsl:template match="p:document">
    <xsl:variable name="page" select="p:output[@kind = 'html']/@path"/>
    <xsl:variable name="title" select="(@title[normalize-space()], @source)[1]"/>
    <tr class="{@status}">
      <td>
        <xsl:choose>
          <xsl:when test="$page"><a href="{$page}"><xsl:value-of select="$title"/></a></xsl:when>
          <xsl:otherwise><xsl:value-of select="$title"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td><xsl:value-of select="@date"/></td>
      <td>
        <xsl:value-of select="string-join(subsequence(p:speaker, 1, 8), ', ')
            || (if (count(p:speaker) gt 8) then ' and ' || count(p:speaker) - 8 || ' more'
                else '')"/>
      </td>
      <td>
        <xsl:value-of select="@status"/>
        <xsl:variable name="counts" select="(@errors[. ne '0'] ! (. || ' errors'),
                                             @warnings[. ne '0'] ! (. || ' warnings'))"/>
        <xsl:if test="exists($counts)">
          <xsl:value-of select="' (' || string-join($counts, ', ') || ')'"/>
        </xsl:if>
      </td>
      <td>
        <xsl:for-each select="p:output[@kind ne 'html']">
          <xsl:sort select="@kind"/>
          <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
          <a href="{@path}"><xsl:value-of select="@kind"/></a>
        </xsl:for-each>
      </td>
    </tr>
  </xsl:template>

  <xsl:variable name="p:index-css" as="xs:string"><![CDATA[
header.metadata, main { max-width: 70rem; }
table.documents { border-collapse: collapse; width: 100%;
  font: .95rem/1.45 system-ui, sans-serif; }
table.documents th, table.documents td { text-align: left; vertical-align: top;
  padding: .35rem .5rem; border-bottom: 1px solid #ddd; }
table.documents a { color: var(--accent); }
tr.invalid td, tr.failed td { background: #fff1f0; }
@media (max-width: 40rem) { table.documents td:nth-child(3),
  table.documents th:nth-child(3) { display: none; } }
]]></xsl:variable>
</xsl:stylesheet>
