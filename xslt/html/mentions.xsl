<?xml version="1.0" encoding="UTF-8"?>
<!-- html/mentions.xsl: names and terms the text mentions, linked to the page's index of
     people and terms, their description shown on hover and focus; cross-references. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- A mention.  In a list of participants, the name is the anchor the speaker labels link
       to; elsewhere a link to the entry of the index, which also describes it to screen
       readers; the description shows on hover and focus (drawn by the style sheet from
       data-about, so that it is not part of the page's text).  A name broken by a page break
       holds the page's link, so it is no link itself.  (A pattern of one branch: a union of
       every phrase's name with a priority of its own is one rule that Saxon tries on every
       element, which costs more than this test.) -->
  <!-- The mentions that stand in list items, by what they point at: the first is the anchor
       (found by key: looking back from each one took time quadratic in a long list). -->
  <xsl:key name="p:listed-mentions" match="*[@ref][parent::item]" use="@ref"/>
  <xsl:template match="*[@ref or @target or @corresp][p:behaviour(.) = 'inline']" mode="p:html"
                priority="1">
    <xsl:variable name="entity" select="p:mentioned(.)"/>
    <xsl:variable name="id" select="$entity/@xml:id"/>
    <xsl:choose>
      <xsl:when test="empty($entity)"><xsl:next-match/></xsl:when>
      <xsl:when test="$p:participants-in-text and parent::item
                      and p:entity-kind($entity) = 'person'
                      and (not(@ref) or key('p:listed-mentions', @ref)[1] is .)">
        <span class="persName" id="person-{$id}">
          <xsl:choose>
            <xsl:when test="$p.site">
              <span id="{p:mention-anchor(., $id)}">
                <xsl:apply-templates mode="#current"/></span>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates mode="#current"/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:when>
      <xsl:when test="descendant::*[p:behaviour(.) = ('page', 'note', 'link')]">
        <span class="mention {p:entity-kind($entity)}">
          <xsl:apply-templates mode="#current"/>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <a class="mention {p:entity-kind($entity)}" href="#entity-{$id}"
           aria-describedby="about-{$id}" data-about="{p:entity-label($entity)}">
          <xsl:if test="$p.site and not(ancestor::*[p:behaviour(.) = 'note'])">
            <xsl:attribute name="id" select="p:mention-anchor(., $id)"/>
          </xsl:if>
          <xsl:apply-templates mode="#current"/>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- In a site, a mention in the text (not in a note) is an anchor the people and terms
       pages link to: 'mention-ID-N', the Nth such mention of that entity.  The mentions of
       each entity are counted in one pass (finding each mention again among all of its
       entity's took time quadratic in them). -->
  <xsl:accumulator name="p:mentions-so-far" as="map(xs:string, xs:integer)"
                   initial-value="map {}">
    <xsl:accumulator-rule match="*[@ref or @target or @corresp][p:behaviour(.) = 'inline']"
        select="let $mention := ., $id := string(p:mentioned($mention)
                    [not($mention/ancestor::*[p:behaviour(.) = 'note'])]/@xml:id)
                return if ($id) then map:put($value, $id, ($value($id), 0)[1] + 1) else $value"/>
  </xsl:accumulator>
  <xsl:function name="p:mention-anchor" as="xs:string">
    <xsl:param name="mention" as="element()"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="'mention-' || $id || '-'
                          || $mention/accumulator-before('p:mentions-so-far')($id)"/>
  </xsl:function>

  <!-- Links: to this page, to another document's page the site knows ($p:elsewhere,
       html/site-nav.xsl), or to the web; anything else (another scheme, a file not
       published) is shown, not linked. -->
  <xsl:template _match="{$p:match?link}" mode="p:html">
    <xsl:variable name="target" select="tokenize(normalize-space(@target))[1]"/>
    <xsl:variable name="href" select="p:link-href(., $target)"/>
    <xsl:choose>
      <xsl:when test="$href">
        <a href="{$href}"><xsl:apply-templates mode="#current"/>
          <xsl:if test="not(node())"><xsl:value-of select="$target"/></xsl:if></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{local-name()}"><xsl:apply-templates mode="#current"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="p:link-href" as="xs:string?">
    <xsl:param name="link" as="element()"/>
    <xsl:param name="target" as="xs:string?"/>
    <xsl:sequence select="
        if (not($target)) then ()
        else if (matches($target, '^https?:')) then $target
        else if (p:is-here($link, $target)) then $target
        else if (map:contains($p:elsewhere, replace($target, '^#', '')))
          then $p:elsewhere(replace($target, '^#', ''))
        else ()"/>
  </xsl:function>

  <!-- The index: each person and term the text mentions, with what the document says of
       it; mentions link here. -->
  <xsl:template name="p:index-section">
    <xsl:variable name="entities" select="p:mentioned-entities(.)"/>
    <xsl:if test="exists($entities)">
      <section class="index" aria-labelledby="index-heading">
        <h2 id="index-heading">People and terms</h2>
        <xsl:for-each-group select="$entities" group-by="p:entity-kind(.)">
          <h3><xsl:value-of select="$p:index-headings(current-grouping-key())"/></h3>
          <dl>
            <xsl:for-each select="current-group()">
              <dt id="entity-{@xml:id}">
                <xsl:variable name="all" select="p:index-page(p:entity-kind(.))"/>
                <xsl:choose>
                  <xsl:when test="$all">
                    <a href="{$all}#{@xml:id}"><xsl:value-of select="p:entity-name(.)"/></a>
                  </xsl:when>
                  <xsl:otherwise><xsl:value-of select="p:entity-name(.)"/></xsl:otherwise>
                </xsl:choose>
              </dt>
              <dd id="about-{@xml:id}">
                <xsl:value-of select="(p:entity-description(.)[.], p:entity-name(.))[1]"/>
              </dd>
            </xsl:for-each>
          </dl>
        </xsl:for-each-group>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
