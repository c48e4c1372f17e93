<?xml version="1.0" encoding="UTF-8"?>
<!-- html/text.xsl: the text in HTML, one template per behaviour of common/model.xsl. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:key name="p:pb-by-n" match="pb" use="string(@n)"/>

  <!-- Containers and sections: their content, sections as HTML sections. -->
  <xsl:template _match="{$p:match?container}" mode="p:html">
    <xsl:apply-templates select="p:content(.)" mode="#current"/>
  </xsl:template>
  <xsl:template _match="{$p:match?section}" mode="p:html" name="p:html-section">
    <section class="{local-name()}">
      <xsl:sequence select="p:html-id(.)"/>
      <xsl:apply-templates select="p:content(.)" mode="#current"/>
    </section>
  </xsl:template>

  <!-- A heading: h2 for the document, one level deeper per enclosing section (h6 at most). -->
  <xsl:template _match="{$p:match?heading}" mode="p:html">
    <xsl:variable name="depth" select="count(ancestor::*[p:behaviour(.) = 'section'])"/>
    <xsl:element name="h{min((max((2, $depth + 1)), 6))}">
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>
  <!-- A list's own heading is a caption-like paragraph, not a document heading. -->
  <xsl:template _match="{string-join($p:branches?heading ! (. || '[p:behaviour(..) = ''list'']'),
                                     ' | ')}" mode="p:html">
    <p class="list-head"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <!-- Blocks: paragraphs (a dateline keeps its class for styling). -->
  <xsl:template _match="{$p:match?block}" mode="p:html">
    <xsl:element name="{if (*[p:behaviour(.) = ('block', 'speech', 'list', 'quote')])
                        then 'div' else 'p'}">
      <xsl:attribute name="class" select="local-name()"/>
      <xsl:sequence select="p:html-id(.)"/>
      <xsl:call-template name="p:html-inline"/>
    </xsl:element>
  </xsl:template>
  <xsl:template _match="{$p:match?line}" mode="p:html">
    <span class="line"><xsl:call-template name="p:html-inline"/></span>
  </xsl:template>
  <xsl:template _match="{$p:match?quote}" mode="p:html">
    <blockquote><xsl:apply-templates mode="#current"/></blockquote>
  </xsl:template>

  <!-- A speech: its speaker label (linked to the person) and its paragraphs. -->
  <xsl:template _match="{$p:match?speech}" mode="p:html">
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
      <xsl:apply-templates select="p:content(.)" mode="#current"/>
    </div>
  </xsl:template>
  <!-- The speech's own label is written by the speech (linked to the person). -->
  <xsl:template _match="{string-join($p:branches?speaker ! (. || '[p:behaviour(..) = ''speech'']'),
                                     ' | ')}" mode="p:html"/>
  <!-- A bare text node directly in a speech (loose verse or prose) still reads as text. -->
  <xsl:template _match="{string-join($p:branches?speech ! (. || '/text()[normalize-space()]'),
                                     ' | ')}" mode="p:html">
    <p><xsl:value-of select="p:flow(.)"/></p>
  </xsl:template>
  <xsl:template _match="{$p:match?stage}" mode="p:html">
    <xsl:element name="{if (parent::*[p:behaviour(.) = ('block', 'line', 'stage')]) then 'span'
                        else 'p'}">
      <xsl:attribute name="class">stage</xsl:attribute>
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>
  <xsl:template _match="{$p:match?speaker}" mode="p:html">
    <p class="speaker"><xsl:apply-templates mode="#current"/></p>
  </xsl:template>

  <!-- Lists (including participants and casts) and their items; a list of labels and items
       (a glossary) is a description list. -->
  <xsl:template _match="{$p:match?list}" mode="p:html">
    <xsl:variable name="entries" select="p:content(.) except *[p:behaviour(.) = 'heading']"/>
    <div class="{distinct-values(('list', local-name(),
                                  tokenize(@type) ! replace(., '[^\w\-]', '-')))}">
      <xsl:apply-templates select="*[p:behaviour(.) = 'heading']" mode="#current"/>
      <xsl:choose>
        <xsl:when test="*[p:behaviour(.) = 'label']">
          <dl class="glossary">
            <xsl:for-each-group select="$entries" group-starting-with="*[p:behaviour(.) = 'label']">
              <div>
                <xsl:for-each select="current-group()">
                  <xsl:element name="{if (p:behaviour(.) = 'label') then 'dt' else 'dd'}">
                    <xsl:apply-templates select="node()" mode="#current"/>
                  </xsl:element>
                </xsl:for-each>
              </div>
            </xsl:for-each-group>
          </dl>
        </xsl:when>
        <xsl:otherwise>
          <ul>
            <xsl:for-each select="$entries">
              <xsl:choose>
                <xsl:when test="self::text()
                                or self::*[p:behaviour(.) = ('item', 'list', 'record')]">
                  <li><xsl:apply-templates select="." mode="p:item"/></li>
                </xsl:when>
                <xsl:otherwise><xsl:apply-templates select="." mode="#current"/></xsl:otherwise>
              </xsl:choose>
            </xsl:for-each>
          </ul>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>
  <!-- A label outside a glossary list: a line of its own between blocks, else a phrase. -->
  <xsl:template _match="{$p:match?label}" mode="p:html">
    <xsl:element name="{if (p:behaviour(..) = ('section', 'container', 'speech', 'list'))
                        then 'p' else 'span'}">
      <xsl:attribute name="class">label</xsl:attribute>
      <xsl:sequence select="p:html-id(.)"/>
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>
  <xsl:template _match="{$p:match?item}" mode="p:item">
    <xsl:sequence select="p:html-id(.)"/>
    <xsl:apply-templates mode="p:html"/>
  </xsl:template>
  <xsl:template match="node()" mode="p:item">
    <xsl:apply-templates select="." mode="p:html"/>
  </xsl:template>
  <xsl:template _match="{$p:match?item}" mode="p:html">
    <span class="item"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <!-- A page break: an anchored marker (in the margin on wide screens). -->
  <xsl:template _match="{$p:match?page}" mode="p:html">
    <xsl:if test="normalize-space(@n)">
      <a class="pb" id="{p:page-id(.)}" href="#{p:page-id(.)}"
         aria-label="Page {@n}"><xsl:value-of select="@n"/></a>
    </xsl:if>
  </xsl:template>
  <xsl:template _match="{$p:match?break}" mode="p:html"><br/></xsl:template>

  <!-- Inline phrases keep their content (links and mentions: html/mentions.xsl). -->
  <xsl:template _match="{$p:match?inline}" mode="p:html">
    <span class="{local-name()}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>
  <xsl:template _match="{$p:match?gap}" mode="p:html">
    <span class="gap" title="text omitted">[…]</span>
  </xsl:template>
  <!-- An element no behaviour covers (a name TEI does not define, an element of another
       namespace): its text, never dropped, with nothing to see on the page (it is reported);
       one that holds paragraphs or speeches is a section.  What is omitted (the header,
       metadata) is found here too, not by name (see p:reading in common/model.xsl). -->
  <xsl:template match="*" mode="p:html" priority="-1">
    <xsl:variable name="behaviour" select="p:behaviour(.)"/>
    <xsl:choose>
      <xsl:when test="$behaviour = 'omit'"/>
      <xsl:when test="$behaviour = 'section'">
        <xsl:call-template name="p:html-section"/>
      </xsl:when>
      <xsl:otherwise>
        <span data-element="{name()}"><xsl:apply-templates mode="#current"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="text()" mode="p:html">
    <xsl:value-of select="p:flow(.)"/>
  </xsl:template>
  <!-- What an element holds, in HTML; an element of text alone (most verse lines and
       paragraphs) is written at once. -->
  <xsl:template name="p:html-inline">
    <xsl:choose>
      <xsl:when test="*"><xsl:apply-templates mode="p:html"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="p:flowed-text(.)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The content of a structural element (a container, section, speech or list): its
       children, without the indentation between them, which is not text. -->
  <xsl:function name="p:content" as="node()*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="$e/node()[not(self::text()) or normalize-space()]"/>
  </xsl:function>

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
