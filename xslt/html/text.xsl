<?xml version="1.0" encoding="UTF-8"?>
<!-- html/text.xsl: the text in HTML, one template per behaviour of common/model.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:key name="p:person" match="person | personGrp" use="@xml:id"/>
  <xsl:key name="p:pb-by-n" match="pb" use="string(@n)"/>

  <!-- Containers and sections: their content, sections as HTML sections. -->
  <xsl:template match="*[p:behaviour(.) = 'container']" mode="p:html">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'section']" mode="p:html">
    <section class="{local-name()}">
      <xsl:sequence select="p:html-id(.)"/>
      <xsl:apply-templates mode="#current"/>
    </section>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'omit']" mode="p:html"/>

  <!-- A heading: h2 for the document, one level deeper per enclosing section (h6 at most). -->
  <xsl:template match="*[p:behaviour(.) = 'heading']" mode="p:html">
    <xsl:variable name="depth" select="count(ancestor::*[p:behaviour(.) = 'section'])"/>
    <xsl:element name="h{min((max((2, $depth + 1)), 6))}">
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>
  <!-- A list's own heading is a caption-like paragraph, not a document heading. -->
  <xsl:template match="*[p:behaviour(.) = 'list']/*[p:behaviour(.) = 'heading']" mode="p:html"
                priority="1">
    <p class="list-head"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <!-- Blocks: paragraphs (a dateline keeps its class for styling). -->
  <xsl:template match="*[p:behaviour(.) = 'block']" mode="p:html">
    <xsl:element name="{if (*[p:behaviour(.) = ('block', 'speech', 'list', 'quote')])
                        then 'div' else 'p'}">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:sequence select="p:html-id(.)"/>
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'line']" mode="p:html">
    <span class="line"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'quote']" mode="p:html">
    <blockquote><xsl:apply-templates mode="#current"/></blockquote>
  </xsl:template>

  <!-- A speech: its speaker label (linked to the person) and its paragraphs. -->
  <xsl:template match="*[p:behaviour(.) = 'speech']" mode="p:html">
    <xsl:variable name="ids" select="p:who(.)"/>
    <div class="sp" data-who="{string-join($ids, ' ')}">
      <p class="speaker">
        <xsl:choose>
          <xsl:when test="exists($ids) and exists(key('p:person', $ids[1]))">
            <a href="#person-{$ids[1]}"><xsl:value-of select="p:speaker-label(.)"/></a>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="p:speaker-label(.)"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:apply-templates select="node() except *[p:behaviour(.) = 'speaker']" mode="#current"/>
    </div>
  </xsl:template>
  <!-- A bare text node directly in a speech (loose verse or prose) still reads as text. -->
  <xsl:template match="*[p:behaviour(.) = 'speech']/text()[normalize-space()]" mode="p:html">
    <p><xsl:value-of select="p:flow(.)"/></p>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'stage']" mode="p:html">
    <xsl:element name="{if (parent::*[p:behaviour(.) = ('block', 'line')]) then 'span' else 'p'}">
      <xsl:attribute name="class">stage</xsl:attribute>
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'speaker']" mode="p:html">
    <p class="speaker"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <!-- Lists (including participants and casts) and their items. -->
  <xsl:template match="*[p:behaviour(.) = 'list']" mode="p:html">
    <div class="{distinct-values(('list', local-name(), @type))}">
      <xsl:apply-templates select="*[p:behaviour(.) = 'heading']" mode="#current"/>
      <ul>
        <xsl:for-each select="node() except *[p:behaviour(.) = 'heading']">
          <xsl:choose>
            <xsl:when test="self::*[p:behaviour(.) = ('item', 'list')]">
              <li><xsl:apply-templates select="." mode="p:item"/></li>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates select="." mode="#current"/></xsl:otherwise>
          </xsl:choose>
        </xsl:for-each>
      </ul>
    </div>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'item']" mode="p:item">
    <xsl:sequence select="p:html-id(.)"/>
    <xsl:apply-templates mode="p:html"/>
  </xsl:template>
  <xsl:template match="*" mode="p:item">
    <xsl:apply-templates select="." mode="p:html"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'item']" mode="p:html">
    <span class="item"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <!-- A name pointing at a person of the header (a participants list) is that person's anchor. -->
  <xsl:template match="*[p:behaviour(.) = 'inline'][starts-with(@ref, '#')]" mode="p:html"
                priority="1">
    <span class="persName" id="person-{substring(@ref, 2)}">
      <xsl:apply-templates mode="#current"/>
    </span>
  </xsl:template>

  <!-- A page break: an anchored marker (in the margin on wide screens). -->
  <xsl:template match="*[p:behaviour(.) = 'page']" mode="p:html">
    <xsl:if test="normalize-space(@n)">
      <a class="pb" id="{p:page-id(.)}" href="#{p:page-id(.)}"
         aria-label="Page {@n}"><xsl:value-of select="@n"/></a>
    </xsl:if>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'break']" mode="p:html"><br/></xsl:template>

  <!-- Inline phrases keep their content; links become links. -->
  <xsl:template match="*[p:behaviour(.) = 'inline']" mode="p:html">
    <span class="{local-name()}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'link']" mode="p:html">
    <xsl:variable name="target" select="tokenize(normalize-space(@target))[1]"/>
    <xsl:choose>
      <xsl:when test="$target and (starts-with($target, '#') or matches($target, '^https?:'))">
        <a href="{$target}"><xsl:apply-templates mode="#current"/>
          <xsl:if test="not(node())"><xsl:value-of select="$target"/></xsl:if></a>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'choice']" mode="p:html">
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
  </xsl:template>
  <xsl:template match="*[p:behaviour(.) = 'gap']" mode="p:html">
    <span class="gap" title="text omitted">[…]</span>
  </xsl:template>
  <!-- An element no behaviour covers: its text, marked for the editor, never dropped. -->
  <xsl:template match="*[p:behaviour(.) = 'unknown']" mode="p:html">
    <span class="unknown" data-tei="{local-name()}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <xsl:template match="text()" mode="p:html">
    <xsl:value-of select="p:flow(.)"/>
  </xsl:template>
  <!-- Indentation between the children of structural elements is not text. -->
  <xsl:template match="text()[not(normalize-space())][parent::*[p:behaviour(.) =
                       ('container', 'section', 'speech', 'list')]]" mode="p:html"/>

  <!-- The HTML id of an element with an xml:id. -->
  <xsl:function name="p:html-id" as="attribute()?">
    <xsl:param name="e" as="element()"/>
    <xsl:if test="$e/@xml:id"><xsl:attribute name="id" select="$e/@xml:id"/></xsl:if>
  </xsl:function>

  <!-- A unique anchor for a page break: 'page-N', with a suffix when N repeats. -->
  <xsl:function name="p:page-id" as="xs:string">
    <xsl:param name="pb" as="element()"/>
    <xsl:variable name="same" select="key('p:pb-by-n', string($pb/@n), root($pb))"/>
    <xsl:variable name="index" select="index-of($same ! generate-id(), generate-id($pb))"/>
    <xsl:sequence select="'page-' || replace($pb/@n, '\s+', '_')
                          || (if ($index gt 1) then '-' || $index else '')"/>
  </xsl:function>
</xsl:stylesheet>
