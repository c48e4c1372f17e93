<?xml version="1.0" encoding="UTF-8"?>
<!-- text/blocks.xsl: the text as a sequence of block strings, one template per behaviour. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:m="http://www.w3.org/1998/Math/MathML"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Structural elements: the blocks of their children. -->
  <xsl:template _match="{string-join(('container', 'section', 'quote', 'corpus',
                                      'figure') ! $p:match(.), ' | ')}" mode="p:text-blocks">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>
  <xsl:template _match="{string-join(('note', 'speaker', 'generated', 'graphic',
                                      'deletion') ! $p:match(.), ' | ')}" mode="p:text-blocks"/>
  <!-- What is omitted (the header, metadata) is found by its behaviour, not by name (see
       p:reading in common/model.xsl). -->
  <xsl:template match="*[p:behaviour(.) = 'omit']" mode="p:text-blocks" priority="-1"/>

  <!-- Text standing loose in a structure (a section, a speech): the structure is one block,
       its inner blocks read inline, so that no text is lost. -->
  <xsl:template _match="{$p:union(('container', 'section', 'corpus', 'quote', 'figure', 'table',
                                      'row', 'speech') ! $p:branches(.)
                                      ! (. || '[text()[normalize-space()]]'))}"
                mode="p:text-blocks">
    <xsl:call-template name="p:text-block"/>
  </xsl:template>

  <!-- Code and XML examples: their text as written. -->
  <xsl:template _match="{$p:match?code-block}" mode="p:text-blocks">
    <xsl:sequence select="p:code-text(.)"/>
  </xsl:template>
  <xsl:template _match="{$p:match?xml-example}" mode="p:text-blocks">
    <xsl:sequence select="p:xml-source(.)"/>
  </xsl:template>

  <!-- A table: its caption, then one line per row, the cells divided by ' | '. -->
  <xsl:template _match="{$p:match?table}" mode="p:text-blocks">
    <xsl:sequence select="string-join((*[p:behaviour(.) = 'heading'] ! p:trim(p:text-inline(.)),
        *[p:behaviour(.) = 'row'] ! string-join(*[p:behaviour(.) = 'cell']
                                                ! p:trim(p:text-inline(.)), ' | ')), '&#10;')"/>
  </xsl:template>
  <xsl:template _match="{string-join(('row', 'cell') ! $p:match(.), ' | ')}"
                mode="p:text-blocks">
    <xsl:sequence select="p:trim(p:text-inline(.))"/>
  </xsl:template>

  <!-- A record: one line per field, 'Label: text'; a record inside it under its label, its
       lines indented; its paragraphs and lists as blocks. -->
  <xsl:template _match="{$p:match?record}" mode="p:text-blocks">
    <xsl:choose>
      <xsl:when test="p:is-prose-record(.)">
        <xsl:sequence select="p:trim(p:text-inline(.))"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each-group select="*" group-adjacent="p:is-field(.)">
          <xsl:choose>
            <xsl:when test="current-grouping-key()">
              <xsl:sequence select="string-join(current-group() ! p:field-lines(., ''), '&#10;')"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:apply-templates select="current-group()" mode="#current"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="p:field-lines" as="xs:string*">
    <xsl:param name="field" as="element()"/>
    <xsl:param name="indent" as="xs:string"/>
    <xsl:choose>
      <xsl:when test="p:behaviour($field) = 'record' and not(p:is-prose-record($field))">
        <xsl:sequence select="$indent || p:field-label($field) || ':'"/>
        <xsl:sequence select="p:fields($field) ! p:field-lines(., $indent || '  ')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="$indent || p:field-label($field) || ': '
                              || normalize-space(p:text-inline($field))"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A block with blocks inside is their sequence (verse lines stay one block); else its text. -->
  <xsl:template _match="{string-join(('heading', 'block', 'stage', 'item', 'line', 'label',
                                      'link', 'choice', 'code', 'formula', 'addition',
                                      'apparatus', 'reading') ! $p:match(.), ' | ')}"
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
       of text, as a phrase standing among blocks is (phrases are found by behaviour here, as
       omitted elements are: some 180 names, rarely outside a block). -->
  <xsl:template match="*[p:behaviour(.) = 'section']" mode="p:text-blocks" priority="-1">
    <xsl:apply-templates select="*" mode="#current"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = ('unknown', 'inline')]" mode="p:text-blocks"
                priority="-1">
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
    <xsl:for-each select="$list/(* | text()[normalize-space()])">
      <xsl:variable name="nested" select="*[p:behaviour(.) = 'list']"/>
      <xsl:choose>
        <!-- Text standing loose in a list is not lost. -->
        <xsl:when test=". instance of text()">
          <xsl:sequence select="$indent || p:trim(p:flow(.))"/>
        </xsl:when>
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
        <xsl:when test="p:behaviour(.) = 'record' and not(p:is-prose-record(.))">
          <!-- A record in a list (a person, a place): its fields under one bullet. -->
          <xsl:sequence select="p:fields(.) ! p:field-lines(., $indent || '  ')
                                ! (if (position() = 1) then $indent || '• ' || substring(.,
                                   string-length($indent) + 3) else .)"/>
        </xsl:when>
        <xsl:when test="p:behaviour(.) = ('item', 'line', 'block', 'record')">
          <!-- In a glossary, the label before an item leads it. -->
          <xsl:variable name="label" select="preceding-sibling::*[1][p:behaviour(.) = 'label']"/>
          <xsl:sequence select="$indent || '• ' || string-join(($label ! p:trim(p:text-inline(.)),
                                p:trim(p:text-inline(.))), ': ')"/>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- The inline text of an element: characters, note numbers, page markers, line breaks
       (an element of text alone, most verse lines, is read at once). -->
  <xsl:function name="p:text-inline" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:choose>
      <xsl:when test="empty($node/*)">
        <xsl:sequence select="p:flowed-text($node)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="parts" as="xs:string*">
          <xsl:apply-templates select="if (p:reads-itself($node)) then $node else $node/node()"
                               mode="p:text-inline"/>
        </xsl:variable>
        <xsl:sequence select="string-join($parts)"/>
      </xsl:otherwise>
    </xsl:choose>
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
  <xsl:template _match="{string-join(('speaker', 'gap', 'deletion', 'generated',
                                      'graphic') ! $p:match(.), ' | ')}" mode="p:text-inline"/>
  <xsl:template _match="{$p:match?apparatus}" mode="p:text-inline">
    <xsl:apply-templates select="p:lemma(.)/node()" mode="#current"/>
  </xsl:template>
  <xsl:template _match="{$p:match?choice}" mode="p:text-inline">
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
  </xsl:template>
  <!-- (No priority of its own: a union pattern with one is a single rule that Saxon tries on
       every element; without, each name is a rule found by the element's name.) -->
  <xsl:template _match="{string-join(('block', 'line', 'stage', 'speech') ! $p:match(.), ' | ')}"
                mode="p:text-inline">
    <xsl:variable name="inner" as="xs:string*"><xsl:apply-templates mode="#current"/></xsl:variable>
    <xsl:sequence select="string-join($inner)"/>
  </xsl:template>
  <xsl:template match="*" mode="p:text-inline" priority="-0.2">
    <xsl:if test="p:behaviour(.) ne 'omit'"><xsl:apply-templates mode="#current"/></xsl:if>
  </xsl:template>
  <!-- MathML's annotations (other notations of a formula) are not its text. -->
  <xsl:template match="m:annotation | m:annotation-xml" mode="p:text-inline"/>
</xsl:stylesheet>
