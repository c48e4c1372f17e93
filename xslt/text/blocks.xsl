<?xml version="1.0" encoding="UTF-8"?>
<!-- text/blocks.xsl: the text as a sequence of block strings, one template per behaviour. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Structural elements: the blocks of their children. -->
  <xsl:template match="*[p:behaviour(.) = ('container', 'section', 'quote')]"
                mode="p:text-blocks">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = ('omit', 'note', 'speaker')]" mode="p:text-blocks"/>

  <!-- A block with blocks inside is their sequence (verse lines stay one block); else its text. -->
  <xsl:template match="*[p:behaviour(.) = ('heading', 'block', 'stage', 'item', 'line',
                                           'unknown', 'inline', 'link', 'choice')]"
                mode="p:text-blocks">
    <xsl:variable name="inner" select="*[p:behaviour(.) = ('block', 'speech', 'list', 'quote')]"/>
    <xsl:choose>
      <xsl:when test="empty($inner) or text()[normalize-space()]">
        <xsl:sequence select="p:trim(p:text-inline(.))"/>
      </xsl:when>
      <xsl:when test="every $c in * satisfies p:behaviour($c) = ('line', 'page', 'note')">
        <xsl:sequence select="string-join(* ! p:trim(p:text-inline(.)), '&#10;')"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="*" mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A speech: its blocks, the first one labelled with the speaker when asked for. -->
  <xsl:template match="*[p:behaviour(.) = 'speech']" mode="p:text-blocks">
    <xsl:variable name="blocks" as="xs:string*">
      <xsl:apply-templates select="*" mode="#current"/>
    </xsl:variable>
    <xsl:sequence select="if ($p.text.speakers and exists($blocks))
                          then (p:speaker-label(.) || ': ' || $blocks[1], tail($blocks))
                          else $blocks"/>
  </xsl:template>

  <!-- A page break between blocks is a block of its own. -->
  <xsl:template match="*[p:behaviour(.) = 'page']" mode="p:text-blocks">
    <xsl:if test="$p.text.pages and normalize-space(@n)">
      <xsl:sequence select="'[Page ' || @n || ']'"/>
    </xsl:if>
  </xsl:template>

  <!-- A list: its heading, then one bulleted line per item, nested lists indented. -->
  <xsl:template match="*[p:behaviour(.) = 'list']" mode="p:text-blocks">
    <xsl:sequence select="string-join(p:list-lines(., 1), '&#10;')"/>
  </xsl:template>

  <xsl:function name="p:list-lines" as="xs:string*">
    <xsl:param name="list" as="element()"/>
    <xsl:param name="depth" as="xs:integer"/>
    <xsl:variable name="indent" select="string-join((1 to $depth) ! '  ')"/>
    <xsl:for-each select="$list/*">
      <xsl:variable name="nested" select="*[p:behaviour(.) = 'list']"/>
      <xsl:choose>
        <xsl:when test="p:behaviour(.) = 'heading' and $depth = 1">
          <xsl:sequence select="p:trim(p:text-inline(.))"/>
        </xsl:when>
        <xsl:when test="p:behaviour(.) = 'list'">
          <xsl:sequence select="p:list-lines(., $depth + 1)"/>
        </xsl:when>
        <xsl:when test="exists($nested)">
          <!-- An entry whose content is a headed list (a side of a participants list). -->
          <xsl:sequence select="$indent || '• ' || p:trim(string-join(($nested/*[p:behaviour(.)
                                = 'heading'], text()[normalize-space()]) ! p:text-inline(.)))"/>
          <xsl:sequence select="$nested ! p:list-lines(., $depth + 1)[not(position() = 1
                                and exists(current()/*[p:behaviour(.) = 'heading']))]"/>
        </xsl:when>
        <xsl:when test="p:behaviour(.) = ('item', 'line', 'block')">
          <xsl:sequence select="$indent || '• ' || p:trim(p:text-inline(.))"/>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- The inline text of an element: characters, note numbers, page markers, line breaks. -->
  <xsl:function name="p:text-inline" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$node/node()" mode="p:text-inline"/>
    </xsl:variable>
    <xsl:sequence select="string-join($parts)"/>
  </xsl:function>

  <xsl:template match="text()" mode="p:text-inline">
    <xsl:sequence select="p:flow(.)"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'note']" mode="p:text-inline">
    <xsl:if test="$p.text.notes"><xsl:sequence select="p:note-number(.)"/></xsl:if>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'page']" mode="p:text-inline">
    <xsl:if test="$p.text.pages and normalize-space(@n)">
      <xsl:sequence select="'[Page ' || @n || ']'"/>
    </xsl:if>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'break']" mode="p:text-inline">
    <xsl:sequence select="'&#10;'"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = ('omit', 'speaker', 'gap')]" mode="p:text-inline"/>
  <xsl:template match="*[p:behaviour(.) = 'choice']" mode="p:text-inline">
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = ('block', 'line', 'stage', 'speech')]"
                mode="p:text-inline" priority="-0.1">
    <xsl:variable name="inner" as="xs:string*"><xsl:apply-templates mode="#current"/></xsl:variable>
    <xsl:sequence select="string-join($inner)"/>
  </xsl:template>
  <xsl:template match="*" mode="p:text-inline" priority="-0.2">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
</xsl:stylesheet>
