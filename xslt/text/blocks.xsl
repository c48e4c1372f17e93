<?xml version="1.0" encoding="UTF-8"?>
<!-- text/blocks.xsl: the text as a sequence of block strings, one template per behaviour. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Structural elements: the blocks of their children. -->
  <xsl:template _match="{string-join(('container', 'section', 'quote') ! $p:match(.), ' | ')}"
                mode="p:text-blocks">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>
  <xsl:template _match="{string-join(('omit', 'note', 'speaker') ! $p:match(.), ' | ')}"
                mode="p:text-blocks"/>

  <!-- A block with blocks inside is their sequence (verse lines stay one block); else its text. -->
  <xsl:template _match="{string-join(('heading', 'block', 'stage', 'item', 'line', 'inline',
                                      'link', 'choice') ! $p:match(.), ' | ')}"
                mode="p:text-blocks" name="p:text-block">
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

  <!-- An element of no behaviour: a section when it holds paragraphs or speeches, else a block
       of text. -->
  <xsl:template match="*[p:behaviour(.) = 'section']" mode="p:text-blocks" priority="-1">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'unknown']" mode="p:text-blocks" priority="-1">
    <xsl:call-template name="p:text-block"/>
  </xsl:template>

  <!-- A speech: its blocks, the first one labelled with the speaker when asked for. -->
  <xsl:template _match="{$p:match?speech}" mode="p:text-blocks">
    <xsl:variable name="blocks" as="xs:string*">
      <xsl:apply-templates select="*" mode="#current"/>
    </xsl:variable>
    <xsl:sequence select="if ($p.text.speakers and exists($blocks))
                          then (p:speaker-label(.) || ': ' || $blocks[1], tail($blocks))
                          else $blocks"/>
  </xsl:template>

  <!-- A page break between blocks is a block of its own. -->
  <xsl:template _match="{$p:match?page}" mode="p:text-blocks">
    <xsl:if test="$p.text.pages and normalize-space(@n)">
      <xsl:sequence select="'[Page ' || @n || ']'"/>
    </xsl:if>
  </xsl:template>

  <!-- A list: its heading, then one bulleted line per item, nested lists indented. -->
  <xsl:template _match="{$p:match?list}" mode="p:text-blocks">
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
  <xsl:template _match="{$p:match?note}" mode="p:text-inline">
    <xsl:if test="$p.text.notes"><xsl:sequence select="p:note-number(.)"/></xsl:if>
  </xsl:template>
  <xsl:template _match="{$p:match?page}" mode="p:text-inline">
    <xsl:if test="$p.text.pages and normalize-space(@n)">
      <xsl:sequence select="'[Page ' || @n || ']'"/>
    </xsl:if>
  </xsl:template>
  <xsl:template _match="{$p:match?break}" mode="p:text-inline">
    <xsl:sequence select="'&#10;'"/>
  </xsl:template>
  <xsl:template _match="{string-join(('omit', 'speaker', 'gap') ! $p:match(.), ' | ')}"
                mode="p:text-inline"/>
  <xsl:template _match="{$p:match?choice}" mode="p:text-inline">
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
  </xsl:template>
  <xsl:template _match="{string-join(('block', 'line', 'stage', 'speech') ! $p:match(.), ' | ')}"
                mode="p:text-inline" priority="-0.1">
    <xsl:variable name="inner" as="xs:string*"><xsl:apply-templates mode="#current"/></xsl:variable>
    <xsl:sequence select="string-join($inner)"/>
  </xsl:template>
  <xsl:template match="*" mode="p:text-inline" priority="-0.2">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
</xsl:stylesheet>
