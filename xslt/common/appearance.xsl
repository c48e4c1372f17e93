<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/appearance.xsl: how an element looked, for every output: @rend read through one
  vocabulary, @rendition resolved to the document's own CSS (tagsDecl/rendition), @style, and
  the sanitising of what a stranger's document may put into a page.

  The rend vocabulary (README, "How it looked"): italic, bold, smallcaps, sup, sub, underline,
  strikethrough, uppercase, lowercase, large, small, center, right, left, indent, block,
  inline, hidden, and their usual spellings (it, i, b, strong, sc, small-caps, superscript,
  subscript, u, ul, strike, overstrike, line-through, centre, centered, flushleft, …); a word
  that holds 'ital', 'bold' or 'smallcap' is read as that look (a project's 'sectiontitleital').
  A value outside the vocabulary is kept as a class, rend-VALUE, for a project's own CSS.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- The looks a rend word stands for. -->
  <xsl:variable name="p:rend-vocabulary" as="map(xs:string, xs:string)" select="map:merge((
      tokenize('italic italics it i ital oblique slanted') ! map {.: 'italic'},
      tokenize('bold b strong bolded heavy') ! map {.: 'bold'},
      tokenize('smallcaps small-caps sc smcap smallcap') ! map {.: 'smallcaps'},
      tokenize('sup superscript super sup.') ! map {.: 'sup'},
      tokenize('sub subscript') ! map {.: 'sub'},
      tokenize('underline underlined u ul') ! map {.: 'underline'},
      tokenize('strikethrough strike struck overstrike line-through') ! map {.: 'strikethrough'},
      tokenize('uppercase caps allcaps upper') ! map {.: 'uppercase'},
      tokenize('lowercase lower') ! map {.: 'lowercase'},
      tokenize('large larger big') ! map {.: 'large'},
      tokenize('small smaller') ! map {.: 'small'},
      tokenize('center centre centered centred align-center aligncenter') ! map {.: 'center'},
      tokenize('right align-right alignright flushright flush-right right-aligned')
        ! map {.: 'right'},
      tokenize('left align-left alignleft flushleft flush-left left-aligned') ! map {.: 'left'},
      tokenize('indent indented') ! map {.: 'indent'},
      tokenize('block display-block') ! map {.: 'block'},
      tokenize('inline') ! map {.: 'inline'},
      tokenize('hidden none invisible') ! map {.: 'hidden'},
      tokenize('roman normal upright plain') ! map {.: 'roman'}))"/>

  <!-- The looks HTML has an element for (the others are classes). -->
  <xsl:variable name="p:rend-elements" as="map(xs:string, xs:string)" select="map {
      'italic': 'i', 'bold': 'b', 'sup': 'sup', 'sub': 'sub', 'underline': 'u',
      'strikethrough': 's'}"/>

  <!-- An element's looks: the vocabulary's words for its @rend, and for the @rendition
       tokens the document does not define as CSS: a pointer to no rendition of the document
       (FRUS writes rendition="#right" in documents cut from a volume whose tagsDecl stayed
       behind) or a bare word (DraCor writes rendition="inline"). -->
  <xsl:function name="p:looks" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="unresolved" select="tokenize(normalize-space($e/@rendition))
        [not(starts-with(., '#') and exists(p:rendition($e, substring(., 2))))]
        ! replace(., '^#', '')[not(matches(., '[:/#]'))]"/>
    <xsl:sequence select="distinct-values((tokenize(normalize-space($e/@rend)), $unresolved)
                                          ! p:look(lower-case(.)))"/>
  </xsl:function>

  <!-- The look one word stands for: from the vocabulary, from a word holding 'ital', 'bold'
       or 'smallcap', else the word itself (as a class of its own). -->
  <xsl:function name="p:look" as="xs:string">
    <xsl:param name="word" as="xs:string"/>
    <xsl:sequence select="($p:rend-vocabulary($word),
        if (contains($word, 'ital')) then 'italic' else (),
        if (contains($word, 'bold')) then 'bold' else (),
        if (contains($word, 'smallcap') or contains($word, 'small-cap')) then 'smallcaps'
        else (), $word)[1]"/>
  </xsl:function>

  <!-- The ids an element's @rendition points at within its document ('#id'). -->
  <xsl:function name="p:rendition-targets" as="xs:string*">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space($e/@rendition))[starts-with(., '#')]
                          ! substring(., 2)"/>
  </xsl:function>

  <!-- The document's CSS rendition with an id, when it has one. -->
  <xsl:function name="p:rendition" as="element()?">
    <xsl:param name="e" as="element()"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="key('p:rendition', $id, root($e))
                          [not(@scheme) or lower-case(@scheme) = 'css'][1]"/>
  </xsl:function>
  <xsl:key name="p:rendition" match="tagsDecl/rendition" use="@xml:id"/>

  <!-- The CSS an element carries itself: its renditions' and its @style, sanitised. -->
  <xsl:function name="p:element-css" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="p:safe-css(string-join((
        p:rendition-targets($e) ! p:rendition($e, .) ! string(), string($e/@style)), ';'))"/>
  </xsl:function>

  <!-- CSS a stranger wrote, made safe to put on a page: only declarations of properties that
       change how text looks, with values that can load or run nothing (no url(), no
       expression(), no escapes, comments, at-rules or markup), in a canonical form. -->
  <xsl:function name="p:safe-css" as="xs:string">
    <xsl:param name="css" as="xs:string"/>
    <xsl:variable name="declarations" as="xs:string*">
      <xsl:for-each select="tokenize($css, ';')">
        <xsl:variable name="name" select="lower-case(normalize-space(substring-before(., ':')))"/>
        <xsl:variable name="value" select="normalize-space(substring-after(., ':'))"/>
        <xsl:if test="$name = $p:css-properties and $value
                      and matches($value, '^[#a-zA-Z0-9 .,%+\-()]+$')
                      and not(matches($value, 'url|expression|javascript|image|attr|var|env',
                                      'i'))">
          <xsl:sequence select="$name || ': ' || $value"/>
        </xsl:if>
      </xsl:for-each>
    </xsl:variable>
    <xsl:sequence select="string-join(distinct-values($declarations), '; ')"/>
  </xsl:function>
  <xsl:variable name="p:css-properties" as="xs:string*" select="tokenize('color
      background-color font-style font-weight font-variant font-size font-family font-stretch
      text-align text-decoration text-decoration-line text-decoration-style text-transform
      text-indent letter-spacing word-spacing vertical-align line-height white-space
      margin margin-left margin-right margin-top margin-bottom padding padding-left
      padding-right padding-top padding-bottom border border-top border-bottom border-left
      border-right border-style border-width border-color display')"/>

  <!-- A link or image address a page may use: http(s), or relative to the page (never a
       local absolute path, a file: URL, or a script). -->
  <xsl:function name="p:safe-url" as="xs:string?">
    <xsl:param name="url" as="xs:string?"/>
    <xsl:variable name="u" select="normalize-space($url)"/>
    <xsl:sequence select="if (matches($u, '^https?://[^\s&quot;&lt;&gt;\\]+$', 'i')
                              or ($u and matches($u,
                                         '^[^:/\\?#\s&quot;&lt;&gt;][^:\s&quot;&lt;&gt;\\]*$')))
                          then $u else ()"/>
  </xsl:function>
</xsl:stylesheet>
