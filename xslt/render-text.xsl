<?xml version="1.0" encoding="UTF-8"?>
<!--
  render-text.xsl: TEI → the reading text as plain text.
  With the defaults (page markers and notes on, speaker labels off) the text of a converted
  document reproduces its source: heading, lists, paragraphs, "[Page N]" where the page breaks
  stood, note numbers at their marks and the numbered notes at the end.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">
  <xsl:import href="common/model.xsl"/>
  <xsl:include href="text/blocks.xsl"/>
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:mode use-accumulators="#all"/>

  <!-- Print "[Page N]" where each page break stands. -->
  <xsl:param name="p.text.pages" as="xs:boolean" select="true()"/>
  <!-- Print note numbers at their marks and the notes (and the variant readings) at the end. -->
  <xsl:param name="p.text.notes" as="xs:boolean" select="true()"/>
  <!-- Print "Speaker: " before the first paragraph of each speech. -->
  <xsl:param name="p.text.speakers" as="xs:boolean" select="false()"/>
  <!-- After the notes, list the people and terms the text mentions, with what the document
       says of them, and where its cross-references lead (off: the text is then its source). -->
  <xsl:param name="p.text.index" as="xs:boolean" select="false()"/>

  <!-- The whole text: blocks separated by a blank line, then the notes.  The walk starts
       below the root element, or at it when it has text of its own (a fragment whose root is
       a paragraph), so that no text is lost, or is read as itself (a choice, an apparatus
       entry). -->
  <xsl:template match="/">
    <xsl:variable name="blocks" as="xs:string*">
      <xsl:apply-templates select="if (/*/text()[normalize-space()] or p:reads-itself(/*))
                                   then /* else /*/*" mode="p:text-blocks"/>
      <xsl:if test="$p.text.notes and exists(p:apparatus(.))">
        <xsl:sequence select="string-join(('Variant readings', p:apparatus(.) ! ('  '
            || p:apparatus-mark(.) || '. ' || p:apparatus-text(.))), '&#10;')"/>
      </xsl:if>
      <xsl:if test="$p.text.notes and exists(p:notes(.))">
        <xsl:sequence select="string-join(p:notes(.) ! ('  ' || p:note-number(.) || '. '
            || p:trim(p:text-inline(.))), '&#10;')"/>
      </xsl:if>
      <xsl:if test="$p.text.index">
        <xsl:for-each-group select="p:mentioned-entities(.)" group-by="p:entity-kind(.)">
          <xsl:sequence select="string-join(($p:index-headings(current-grouping-key()),
              current-group() ! ('  ' || p:entity-label(.))), '&#10;')"/>
        </xsl:for-each-group>
        <xsl:variable name="links" select="//*[p:behaviour(.) = 'link'][@target]
                                           [not(ancestor::teiHeader)]"/>
        <xsl:if test="exists($links)">
          <xsl:sequence select="string-join(('Cross-references', $links ! ('  '
              || normalize-space(p:reading-text(.)) || ': ' || normalize-space(@target))),
              '&#10;')"/>
        </xsl:if>
      </xsl:if>
    </xsl:variable>
    <xsl:value-of select="string-join($blocks[normalize-space()], '&#10;&#10;') || '&#10;'"/>
  </xsl:template>
</xsl:stylesheet>
