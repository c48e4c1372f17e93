<?xml version="1.0" encoding="UTF-8"?>
<!-- json/blocks.xsl: the text as a list of blocks, each with its reading text and anchors. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:m="http://www.w3.org/1998/Math/MathML"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Behaviours whose elements hold reading text of their own. -->
  <xsl:variable name="p:text-blocks" as="xs:string*" select="('heading', 'block', 'line', 'item',
      'stage', 'label', 'cell', 'code-block', 'xml-example', 'unknown')"/>

  <!-- The text blocks of a document, in reading order: text blocks with no text block inside
       them (notes and speaker labels aside), and text blocks with text of their own (a
       paragraph with an inline stage direction), whose inner blocks are read inline.  Found in
       one walk down the tree, which stops at notes, omitted parts and speaker labels, at the
       blocks it takes, and goes inside a text block only where it holds other text blocks.
       Each block comes as map {'block': the element, 'in': the speeches it stands in,
       outermost first, by their index in $speech-index}, and 'text' for code and XML examples,
       whose text is as written. -->
  <xsl:function name="p:blocks" as="map(*)*">
    <xsl:param name="doc" as="node()"/>
    <xsl:param name="speech-index" as="map(xs:string, xs:integer)"/>
    <xsl:apply-templates select="$doc/*" mode="p:blocks">
      <xsl:with-param name="p:speech-index" tunnel="yes" select="$speech-index"/>
    </xsl:apply-templates>
  </xsl:function>

  <xsl:template _match="{string-join(('note', 'speaker', 'generated', 'graphic',
                                      'deletion') ! $p:match(.), ' | ')}" mode="p:blocks"/>
  <xsl:template _match="{string-join(('heading', 'block', 'line', 'item', 'stage', 'label',
                                      'cell') ! $p:match(.), ' | ')}"
                mode="p:blocks" name="p:text-block">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:choose>
      <xsl:when test="p:has-text-of-its-own(.) or not(p:holds-text-blocks(.))">
        <xsl:sequence select="map {'block': ., 'in': $p:in}"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="*" mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- Code and XML examples are blocks of their own, whatever they hold, their text as
       written. -->
  <xsl:template _match="{$p:match?code-block}" mode="p:blocks">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:sequence select="map {'block': ., 'in': $p:in, 'text': p:code-text(.)}"/>
  </xsl:template>
  <xsl:template _match="{$p:match?xml-example}" mode="p:blocks">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:sequence select="map {'block': ., 'in': $p:in, 'text': p:xml-source(.)}"/>
  </xsl:template>
  <!-- A record: each of its fields is a block, records inside it are walked, its paragraphs
       and lists are read as such; a record in prose (text of its own) is one block. -->
  <xsl:template _match="{$p:match?record}" mode="p:blocks">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:choose>
      <xsl:when test="p:is-prose-record(.)">
        <xsl:sequence select="map {'block': ., 'in': $p:in}"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="*">
          <xsl:choose>
            <xsl:when test="p:behaviour(.) = 'record'">
              <xsl:apply-templates select="." mode="#current"/>
            </xsl:when>
            <xsl:when test="p:is-field(.)">
              <xsl:sequence select="map {'block': ., 'in': $p:in}"/>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates select="." mode="#current"/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- A phrase standing directly in a speech or section, or as the root of a fragment, is a
       text block (a letter quoted as a whole speech); elsewhere its inner blocks, if any, are
       the text's.  (Plain phrases, some 180 names, come here from the rule for anything else,
       as omitted elements do: a phrase rarely stands outside a block.) -->
  <xsl:template _match="{string-join(('link', 'choice', 'code', 'formula', 'addition',
                                      'apparatus', 'reading') ! $p:match(.), ' | ')}"
                mode="p:blocks" name="p:phrase-blocks">
    <xsl:choose>
      <xsl:when test="p:behaviour(..) = ('speech', 'section', 'container', 'none')">
        <xsl:call-template name="p:text-block"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="*" mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- A speech: the blocks inside it stand in it. -->
  <xsl:template _match="{$p:match?speech}" mode="p:blocks">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:param name="p:speech-index" as="map(xs:string, xs:integer)" tunnel="yes"/>
    <xsl:variable name="in" select="$p:in, $p:speech-index(generate-id(.))"/>
    <xsl:choose>
      <!-- Loose text in a speech: the speech is one block, its inner blocks read inline. -->
      <xsl:when test="text()[normalize-space()]">
        <xsl:sequence select="map {'block': ., 'in': $in}"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="*" mode="#current">
          <xsl:with-param name="p:in" tunnel="yes" select="$in"/>
        </xsl:apply-templates>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- Text standing loose in a structure (a section, a list): the structure is one block, its
       inner blocks read inline, so that no text is lost. -->
  <xsl:template _match="{$p:union(('container', 'section', 'corpus', 'quote', 'figure', 'table',
                                      'row', 'list') ! $p:branches(.)
                                      ! (. || '[text()[normalize-space()]]'))}"
                mode="p:blocks">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:sequence select="map {'block': ., 'in': $p:in}"/>
  </xsl:template>
  <!-- Anything else holds blocks, but for what is omitted (found here, not by name: see
       p:reading in common/model.xsl); an element of no behaviour is a block only when it has
       text of its own. -->
  <xsl:template match="*" mode="p:blocks" priority="-1">
    <xsl:param name="p:in" as="xs:integer*" tunnel="yes" select="()"/>
    <xsl:variable name="behaviour" select="p:behaviour(.)"/>
    <xsl:choose>
      <xsl:when test="$behaviour = 'omit'"/>
      <xsl:when test="$behaviour = 'inline'"><xsl:call-template name="p:phrase-blocks"/></xsl:when>
      <xsl:when test="$behaviour = 'unknown' and p:has-text-of-its-own(.)">
        <xsl:sequence select="map {'block': ., 'in': $p:in}"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="*" mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- An element holding reading text as a block: a text block by behaviour, or a phrase
       standing directly in a speech or section. -->
  <xsl:function name="p:is-text-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="behaviour" select="p:behaviour($e)"/>
    <xsl:sequence select="$behaviour = $p:text-blocks
        or ($behaviour = $p:phrases and (
            let $around := p:behaviour($e/..) return $around = 'record'
            or ($behaviour = $p:text-phrases
                and $around = ('speech', 'section', 'container', 'none'))))"/>
  </xsl:function>

  <!-- Whether a text block has reading text outside its inner blocks: characters of its own,
       or a phrase beside them (a verse line holding a stage direction and a quotation). -->
  <xsl:function name="p:has-text-of-its-own" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e/text()[normalize-space()])
        or exists($e/*[normalize-space()][p:behaviour(.) = ($p:text-phrases, 'unknown')])"/>
  </xsl:function>

  <!-- Whether an element holds text blocks (other than in its notes). -->
  <xsl:function name="p:holds-text-blocks" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="exists($e//*[p:is-text-block(.)]
                                 [not(ancestor::*[p:behaviour(.) = 'note'] intersect $e//*)])"/>
  </xsl:function>

  <!-- A block's reading text, its anchors (notes, pages, deletions) and its marks (how a
       stretch of it looked, what was added, the other reading of a choice, a variant
       reading), each with character offsets.  A block of text alone (most verse lines) is
       read at once; the content of any other is kept once worked out (cache): the anchors of
       notes and page breaks ask for their block's again. -->
  <xsl:function name="p:block-content" as="map(*)">
    <xsl:param name="block" as="element()"/>
    <xsl:sequence select="if ($block/*) then p:block-pieces($block)
        else map {'text': p:flowed-text($block), 'anchors': [], 'marks': ()}"/>
  </xsl:function>
  <xsl:function name="p:block-pieces" as="map(*)" cache="yes">
    <xsl:param name="block" as="element()"/>
    <xsl:variable name="pieces" as="item()*">
      <xsl:apply-templates select="if (p:reads-itself($block)) then $block else $block/node()"
                           mode="p:pieces"/>
    </xsl:variable>
    <xsl:variable name="text" select="string-join($pieces[. instance of xs:string])"/>
    <xsl:choose>
      <xsl:when test="every $piece in $pieces satisfies $piece instance of xs:string">
        <xsl:sequence select="map {'text': $text, 'anchors': [], 'marks': ()}"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- Each anchor's offset: the length of the text before it; a mark runs from where
             it opens to where it closes (a mark over no text is dropped). -->
        <xsl:iterate select="$pieces">
          <xsl:param name="offset" as="xs:integer" select="0"/>
          <xsl:param name="anchors" as="map(*)*" select="()"/>
          <xsl:param name="marks" as="map(*)*" select="()"/>
          <xsl:param name="open" as="map(*)*" select="()"/>
          <xsl:on-completion select="map {'text': $text, 'anchors': array {$anchors},
              'marks': sort($marks, (), function($mark) {$mark?start})}"/>
          <xsl:choose>
            <xsl:when test=". instance of xs:string">
              <xsl:next-iteration>
                <xsl:with-param name="offset" select="$offset + string-length(.)"/>
              </xsl:next-iteration>
            </xsl:when>
            <xsl:when test="map:contains(., 'open')">
              <xsl:next-iteration>
                <xsl:with-param name="open" select="$open, map:put(?open, 'start', $offset)"/>
              </xsl:next-iteration>
            </xsl:when>
            <xsl:when test="map:contains(., 'close')">
              <xsl:variable name="mark" select="$open[last()]"/>
              <xsl:next-iteration>
                <xsl:with-param name="open" select="$open[position() lt last()]"/>
                <xsl:with-param name="marks" select="$marks,
                    if ($offset gt $mark?start) then map:put($mark, 'end', $offset) else ()"/>
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

  <!-- How an element looked, for JSON: map {'looks': [vocabulary words], 'css': sanitised
       CSS or null}; empty when it has no look. -->
  <xsl:function name="p:style" as="map(*)?">
    <xsl:param name="e" as="element()"/>
    <xsl:if test="$e/(@rend | @rendition | @style)">
      <xsl:variable name="looks" select="p:looks($e)"/>
      <xsl:variable name="css" select="p:element-css($e)"/>
      <xsl:sequence select="if (exists($looks) or $css) then map {'looks': array {$looks},
                            'css': if ($css) then $css else ()} else ()"/>
    </xsl:if>
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
  <xsl:template _match="{string-join(('speaker', 'gap', 'generated',
                                      'graphic') ! $p:match(.), ' | ')}" mode="p:pieces"/>
  <!-- What was struck out is not reading text: an anchor where it stood, with its text. -->
  <xsl:template _match="{$p:match?deletion}" mode="p:pieces">
    <xsl:sequence select="map {'type': 'deletion', 'text': normalize-space(.)}"/>
  </xsl:template>
  <!-- Marks (and mentions and links, above): a choice (the reading shown, the others in the mark), an addition, a variant
       reading (the lemma, its entry by id), a look. -->
  <xsl:template _match="{$p:match?choice}" mode="p:pieces">
    <xsl:sequence select="map {'open': map {'type': 'choice', 'alternatives': array {
        p:alternatives(.) ! map {'kind': p:alternative-kind(.),
                                 'text': normalize-space(p:reading-text(.))}}}}"/>
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
    <xsl:sequence select="map {'close': true()}"/>
  </xsl:template>
  <xsl:template _match="{$p:match?addition}" mode="p:pieces">
    <xsl:sequence select="map {'open': map {'type': 'addition'}}"/>
    <xsl:apply-templates mode="#current"/>
    <xsl:sequence select="map {'close': true()}"/>
  </xsl:template>
  <xsl:template _match="{$p:match?apparatus}" mode="p:pieces">
    <xsl:sequence select="map {'open': map {'type': 'apparatus', 'id': p:apparatus-id(.)}}"/>
    <xsl:apply-templates select="p:lemma(.)/node()" mode="#current"/>
    <xsl:sequence select="map {'close': true()}"/>
  </xsl:template>
  <!-- A mention: the person, term … it names, by id in 'entities'.  A link: its target (a
       fragment of this or another document, a relative or web address; no other scheme). -->
  <xsl:template match="*[@ref or @target or @corresp][p:behaviour(.) = 'inline']" mode="p:pieces"
                priority="1">
    <xsl:variable name="entity" select="p:mentioned(.)"/>
    <xsl:if test="exists($entity)">
      <xsl:sequence select="map {'open': map {'type': 'mention', 'kind': p:entity-kind($entity),
                                              'id': string($entity/@xml:id)}}"/>
    </xsl:if>
    <xsl:next-match/>
    <xsl:if test="exists($entity)"><xsl:sequence select="map {'close': true()}"/></xsl:if>
  </xsl:template>
  <xsl:template _match="{$p:match?link}" mode="p:pieces">
    <xsl:variable name="target" select="tokenize(normalize-space(@target))[1]"/>
    <xsl:variable name="safe" select="if (starts-with($target, '#')) then $target
                                      else p:safe-url($target)"/>
    <xsl:if test="$safe">
      <xsl:sequence select="map {'open': map {'type': 'link', 'target': $safe,
          'here': p:is-here(., $safe)}}"/>
    </xsl:if>
    <xsl:apply-templates mode="#current"/>
    <xsl:if test="$safe"><xsl:sequence select="map {'close': true()}"/></xsl:if>
  </xsl:template>
  <xsl:template match="*[@rend | @rendition | @style]" mode="p:pieces" priority="10">
    <xsl:variable name="style" select="p:style(.)"/>
    <xsl:if test="exists($style)">
      <xsl:sequence select="map {'open': map:merge((map {'type': 'style',
                                                         'element': local-name()}, $style))}"/>
    </xsl:if>
    <xsl:next-match/>
    <xsl:if test="exists($style)"><xsl:sequence select="map {'close': true()}"/></xsl:if>
  </xsl:template>
  <!-- Anything else: its pieces, but for what is omitted (see p:reading in common/model.xsl). -->
  <xsl:template match="*" mode="p:pieces">
    <xsl:if test="p:behaviour(.) ne 'omit'"><xsl:apply-templates mode="#current"/></xsl:if>
  </xsl:template>
  <!-- MathML's annotations (other notations of a formula) are not its text. -->
  <xsl:template match="m:annotation | m:annotation-xml" mode="p:pieces"/>
</xsl:stylesheet>
