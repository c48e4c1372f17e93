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
       paragraph with an inline stage direction), whose inner blocks are read inline. -->
  <xsl:function name="p:blocks" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="$doc//*[p:is-leaf-block(.)]"/>
  </xsl:function>

  <xsl:function name="p:is-leaf-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="p:is-text-block($e)
        and not($e/ancestor::*[p:behaviour(.) = ('note', 'omit', 'speaker')
                               or p:is-mixed-block(.)])
        and (p:is-mixed-block($e) or (p:behaviour($e) ne 'unknown'
             and not($e//*[p:is-text-block(.)]
                          [not(ancestor::*[p:behaviour(.) = 'note'] intersect $e//*)])))"/>
  </xsl:function>

  <!-- An element holding reading text as a block: a text block by behaviour, or a phrase
       standing directly in a speech or section (a letter quoted as a whole speech). -->
  <xsl:function name="p:is-text-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="p:behaviour($e) = $p:text-blocks
        or (p:behaviour($e) = ('inline', 'link', 'choice')
            and p:behaviour($e/..) = ('speech', 'section', 'container'))"/>
  </xsl:function>

  <!-- A text block with reading text outside its inner blocks: characters of its own, or a
       phrase beside them (a verse line holding a stage direction and a quotation). -->
  <xsl:function name="p:is-mixed-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="p:is-text-block($e) and exists($e/text()[normalize-space()]
        | $e/*[normalize-space()][p:behaviour(.) = ('inline', 'link', 'choice', 'unknown')])"/>
  </xsl:function>

  <!-- A block's reading text, and its note and page anchors with character offsets. -->
  <xsl:function name="p:block-content" as="map(*)">
    <xsl:param name="block" as="element()"/>
    <xsl:variable name="pieces" as="item()*">
      <xsl:apply-templates select="$block/node()" mode="p:pieces"/>
    </xsl:variable>
    <xsl:sequence select="fold-left($pieces, map {'text': '', 'anchors': []},
        function($acc, $piece) {
          if ($piece instance of xs:string) then map:put($acc, 'text', $acc?text || $piece)
          else map:put($acc, 'anchors', array:append($acc?anchors,
                       map:put($piece, 'offset', string-length($acc?text))))
        })"/>
  </xsl:function>

  <!-- Pieces of a block: strings of text, and maps for the anchors between them. -->
  <xsl:template match="text()" mode="p:pieces">
    <xsl:sequence select="p:flow(.)"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'note']" mode="p:pieces">
    <xsl:sequence select="map {'type': 'note', 'n': p:note-number(.), 'id': p:note-id(.)}"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'page']" mode="p:pieces">
    <xsl:sequence select="map {'type': 'page', 'n': string(@n)}"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'break']" mode="p:pieces">
    <xsl:sequence select="'&#10;'"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = ('omit', 'speaker', 'gap')]" mode="p:pieces"/>
  <xsl:template match="*[p:behaviour(.) = 'choice']" mode="p:pieces">
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
  </xsl:template>
  <xsl:template match="*" mode="p:pieces">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
</xsl:stylesheet>
