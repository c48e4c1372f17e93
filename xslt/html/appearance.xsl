<?xml version="1.0" encoding="UTF-8"?>
<!--
  html/appearance.xsl: how an element looked, on the page.  Every element with @rend,
  @rendition or @style is rendered by its behaviour's template first; this rule then adds the
  look: HTML's own element where there is one (i, b, sup, sub, u, s) on a phrase, a class
  rend-LOOK otherwise (styled by the page, or by a project's CSS for words outside the
  vocabulary), and a class css-N for the document's own CSS (its tagsDecl renditions and
  @style, sanitised by common/appearance.xsl), whose rules the page's style element holds.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- HTML elements of phrase level: a look with an element of its own goes inside them. -->
  <xsl:variable name="p:html-phrasing" as="xs:string*"
                select="('span', 'a', 'code', 'ins', 'del', 'i', 'b', 'u', 's', 'sup', 'sub')"/>

  <xsl:template match="*[@rend | @rendition | @style]" mode="p:html" priority="10">
    <xsl:param name="p:document-css" as="xs:string*" tunnel="yes" select="()"/>
    <xsl:variable name="looks" select="p:looks(.)"/>
    <xsl:variable name="css" select="p:element-css(.)"/>
    <xsl:variable name="rendered" as="node()*"><xsl:next-match/></xsl:variable>
    <xsl:variable name="single" select="$rendered[1][. instance of element()]
                                        [count($rendered) = 1]"/>
    <xsl:variable name="phrase" select="if ($single) then local-name($single) = $p:html-phrasing
                                        else p:behaviour(.) = $p:phrases"/>
    <!-- A look the rendering already shows (a deletion is struck through) is left out. -->
    <xsl:variable name="elements" select="if ($phrase)
        then ($looks[map:contains($p:rend-elements, .)] ! $p:rend-elements(.))
             [not(. = p:shown-by(local-name($single)))]
        else ()"/>
    <xsl:variable name="classes" select="($looks[not(map:contains($p:rend-elements, .))
                                                 or not($phrase)] ! ('rend-' || p:class-name(.)),
        if ($css) then 'css-' || index-of($p:document-css, $css)[1] else ())"/>
    <xsl:choose>
      <xsl:when test="empty($rendered) or (empty($classes) and empty($elements))">
        <xsl:sequence select="$rendered"/>
      </xsl:when>
      <xsl:when test="$single">
        <!-- A span takes the first look's element in its place; other elements hold them. -->
        <xsl:variable name="outer" select="if (local-name($single) = 'span' and exists($elements))
                                           then $elements[1] else local-name($single)"/>
        <xsl:element name="{$outer}" namespace="{namespace-uri($single)}">
          <xsl:copy-of select="$single/@* except $single/@class"/>
          <xsl:variable name="all-classes" select="distinct-values((tokenize($single/@class),
                                                                    $classes))"/>
          <xsl:if test="exists($all-classes)">
            <xsl:attribute name="class" select="$all-classes"/>
          </xsl:if>
          <xsl:sequence select="p:wrap-in($single/node(),
              if ($outer = local-name($single)) then $elements else tail($elements))"/>
        </xsl:element>
      </xsl:when>
      <xsl:when test="$phrase and empty($classes)">
        <xsl:sequence select="p:wrap-in($rendered, $elements)"/>
      </xsl:when>
      <xsl:when test="$phrase">
        <span class="{$classes}"><xsl:sequence select="p:wrap-in($rendered, $elements)"/></span>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="$rendered"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The look elements an HTML element shows by itself. -->
  <xsl:function name="p:shown-by" as="xs:string*">
    <xsl:param name="element" as="xs:string?"/>
    <xsl:sequence select="$element, map {'del': 's', 'ins': 'u'}($element)"/>
  </xsl:function>

  <!-- Nodes inside HTML elements by name, the first outermost. -->
  <xsl:function name="p:wrap-in" as="node()*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:param name="names" as="xs:string*"/>
    <xsl:choose>
      <xsl:when test="empty($names)"><xsl:sequence select="$nodes"/></xsl:when>
      <xsl:otherwise>
        <xsl:element name="{head($names)}">
          <xsl:sequence select="p:wrap-in($nodes, tail($names))"/>
        </xsl:element>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A look as part of a class name: lower case, letters, digits, '-' and '_' only. -->
  <xsl:function name="p:class-name" as="xs:string">
    <xsl:param name="look" as="xs:string"/>
    <xsl:sequence select="replace(lower-case($look), '[^a-z0-9_\-]', '-')"/>
  </xsl:function>

  <!-- The distinct CSS of a document's text (its renditions and @style, sanitised): css-1 is
       the first, and so on. -->
  <xsl:function name="p:document-css" as="xs:string*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="distinct-values($doc//*[@rendition | @style][not(ancestor::teiHeader)]
                                          ! p:element-css(.))[.]"/>
  </xsl:function>

  <!-- The style rules of the document's own CSS, one class each. -->
  <xsl:function name="p:document-css-rules" as="xs:string">
    <xsl:param name="css" as="xs:string*"/>
    <xsl:sequence select="string-join(for $i in 1 to count($css)
                          return '.css-' || $i || ' { ' || $css[$i] || ' }&#10;')"/>
  </xsl:function>
</xsl:stylesheet>
