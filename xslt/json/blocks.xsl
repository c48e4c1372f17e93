<?xml version="1.0" encoding="UTF-8"?>
<!-- json/blocks.xsl: the text as a list of blocks, each with its reading text and anchors. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Behaviours whose elements hold reading text of their own. -->
  <xsl:variable name="p:text-blocks" as="xs:string*"
                select="('heading', 'block', 'line', 'item', 'stage', 'unknown')"/>

  <!-- The text blocks of a document, in reading order: text blocks with no text block inside
       them (notes and speaker labels aside), and text blocks with text of their own (a
       paragraph with an inline stage direction), whose inner blocks are read inline.  Found in
       one walk down the tree, which stops at notes, omitted parts and speaker labels, at the
       blocks it takes, and goes inside a text block only where it holds other text blocks.
       Each block comes as map {'block': the element, 'in': the speeches it stands in,
       outermost first, by their index in $speech-index}. -->
  <xsl:function name="p:blocks" as="map(*)*">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="speech-index" as="map(xs:string, xs:integer)"/>
    <xsl:apply-templates select="$doc/*" mode="p:blocks">
      <xsl:with-param name="p:speech-index" tunnel="yes" select="$speech-index"/>
    </xsl:apply-templates>
  </xsl:function>

  <xsl:template _match="{string-join(('note', 'omit', 'speaker') ! $p:match(.), ' | ')}"
                mode="p:blocks"/>
  <xsl:template _match="{string-join(('heading', 'block', 'line', 'item', 'stage') ! $p:match(.),
                                     ' | ')}" mode="p:blocks" name="p:text-block">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:choose>
      <xsl:when test="p:has-text-of-its-own(.) or not(p:holds-text-blocks(.))">
        <xsl:sequence select="map {'block': ., 'in': $p:in}"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="*" mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- A phrase standing directly in a speech or section is a text block (a letter quoted as a
       whole speech); elsewhere its inner blocks, if any, are the text's. -->
  <xsl:template _match="{string-join(('inline', 'link', 'choice') ! $p:match(.), ' | ')}"
                mode="p:blocks">
    <xsl:choose>
      <xsl:when test="p:behaviour(..) = ('speech', 'section', 'container')">
        <xsl:call-template name="p:text-block"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="*" mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- A speech: the blocks inside it stand in it. -->
  <xsl:template _match="{$p:match?speech}" mode="p:blocks">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:param name="p:speech-index" as="map(xs:string, xs:integer)" tunnel="yes"/>
    <xsl:apply-templates select="*" mode="#current">
      <xsl:with-param name="p:in" tunnel="yes"
                      select="$p:in, $p:speech-index(generate-id(.))"/>
    </xsl:apply-templates>
  </xsl:template>
  <!-- Anything else holds blocks; an element of no behaviour is a block only when it has text
       of its own. -->
  <xsl:template match="*" mode="p:blocks" priority="-1">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:choose>
      <xsl:when test="p:behaviour(.) = 'unknown' and p:has-text-of-its-own(.)">
        <xsl:sequence select="map {'block': ., 'in': $p:in}"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="*" mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An element holding reading text as a block: a text block by behaviour, or a phrase
       standing directly in a speech or section. -->
  <xsl:function name="p:is-text-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="p:behaviour($e) = $p:text-blocks
        or (p:behaviour($e) = ('inline', 'link', 'choice')
            and p:behaviour($e/..) = ('speech', 'section', 'container'))"/>
  </xsl:function>

  <!-- Whether a text block has reading text outside its inner blocks: characters of its own,
       or a phrase beside them (a verse line holding a stage direction and a quotation). -->
  <xsl:function name="p:has-text-of-its-own" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/text()[normalize-space()])
        or exists($e/*[normalize-space()][p:behaviour(.) = ('inline', 'link', 'choice', 'unknown')])"/>
  </xsl:function>

  <!-- Whether an element holds text blocks (other than in its notes). -->
  <xsl:function name="p:holds-text-blocks" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e//*[p:is-text-block(.)]
                                 [not(ancestor::*[p:behaviour(.) = 'note'] intersect $e//*)])"/>
  </xsl:function>

  <!-- A block's reading text, and its note and page anchors with character offsets. -->
  <xsl:function name="p:block-content" as="map(*)">
    <xsl:param name="block" as="element()"/>
    <xsl:variable name="pieces" as="item()*">
      <xsl:apply-templates select="$block/node()" mode="p:pieces"/>
    </xsl:variable>
    <xsl:variable name="text" select="string-join($pieces[. instance of xs:string])"/>
    <xsl:choose>
      <xsl:when test="every $piece in $pieces satisfies $piece instance of xs:string">
        <xsl:sequence select="map {'text': $text, 'anchors': []}"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- Each anchor's offset: the length of the text before it. -->
        <xsl:iterate select="$pieces">
          <xsl:param name="offset" as="xs:integer" select="0"/>
          <xsl:param name="anchors" as="map(*)*" select="()"/>
          <xsl:on-completion select="map {'text': $text, 'anchors': array {$anchors}}"/>
          <xsl:choose>
            <xsl:when test=". instance of xs:string">
              <xsl:next-iteration>
                <xsl:with-param name="offset" select="$offset + string-length(.)"/>
              </xsl:next-iteration>
            </xsl:when>
            <xsl:otherwise>
              <xsl:next-iteration>
                <xsl:with-param name="anchors" select="$anchors, map:put(., 'offset', $offset)"/>
              </xsl:next-iteration>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:iterate>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- Pieces of a block: strings of text, and maps for the anchors between them. -->
  <xsl:template match="text()" mode="p:pieces">
    <xsl:sequence select="p:flow(.)"/>
  </xsl:template>
  <xsl:template _match="{$p:match?note}" mode="p:pieces">
    <xsl:sequence select="map {'type': 'note', 'n': p:note-number(.), 'id': p:note-id(.)}"/>
  </xsl:template>
  <xsl:template _match="{$p:match?page}" mode="p:pieces">
    <xsl:sequence select="map {'type': 'page', 'n': string(@n)}"/>
  </xsl:template>
  <xsl:template _match="{$p:match?break}" mode="p:pieces">
    <xsl:sequence select="'&#10;'"/>
  </xsl:template>
  <xsl:template _match="{string-join(('omit', 'speaker', 'gap') ! $p:match(.), ' | ')}"
                mode="p:pieces"/>
  <xsl:template _match="{$p:match?choice}" mode="p:pieces">
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
  </xsl:template>
  <xsl:template match="*" mode="p:pieces">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
</xsl:stylesheet>
