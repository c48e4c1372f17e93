<?xml version="1.0" encoding="UTF-8"?>
<!-- html/notes.xsl: note marks in the text and the numbered notes, linked both ways. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- A note in the text: its number as printed, linking to the note. -->
  <xsl:template _match="{$p:match?note}" mode="p:html">
    <xsl:variable name="id" select="p:note-id(.)"/>
    <a class="noteref" id="ref-{$id}" href="#{$id}" role="doc-noteref"
       aria-label="Note {p:note-number(.)}"><xsl:value-of select="p:note-number(.)"/></a>
  </xsl:template>

  <!-- The notes after the text, each with a link back to its mark. -->
  <xsl:template name="p:notes-section">
    <xsl:variable name="notes" select="p:notes(.)"/>
    <xsl:if test="exists($notes)">
      <section class="notes" role="doc-endnotes" aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        <ol>
          <xsl:for-each select="$notes">
            <li id="{p:note-id(.)}">
              <xsl:if test="p:note-number(.) castable as xs:integer">
                <xsl:attribute name="value" select="p:note-number(.)"/>
              </xsl:if>
              <xsl:apply-templates mode="p:html"/>
              <a class="backref" href="#ref-{p:note-id(.)}" role="doc-backlink"
                 aria-label="Back to note mark {p:note-number(.)}">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
