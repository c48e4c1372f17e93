<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/mentions.xsl: what a phrase of the text mentions — a person, place, organisation,
  event or term the document itself describes — and how each is named and described.

  A mention is an inline element whose @ref (or @corresp, as the Office of the Historian
  writes it; for a gloss or term, @target) points at an
  element of the document with that xml:id, of a kind below: persName ref="#p-…" → person,
  gloss target="#t-…" → the item of a list of terms.  Every output shows mentions from here.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- What each kind of described thing is called in the outputs. -->
  <xsl:variable name="p:entity-kinds" as="map(xs:string, xs:string)" select="map {
      'person': 'person', 'personGrp': 'person', 'place': 'place', 'org': 'organization',
      'event': 'event', 'object': 'object', 'item': 'term', 'label': 'term', 'entry': 'term',
      'nym': 'term'}"/>

  <!-- The heading of each kind in an index of them. -->
  <xsl:variable name="p:index-headings" as="map(xs:string, xs:string)" select="map {
      'person': 'People', 'place': 'Places', 'organization': 'Organizations',
      'event': 'Events', 'object': 'Objects', 'term': 'Terms'}"/>

  <!-- Every element by its id: what a mention or a link points at. -->
  <xsl:key name="p:id" match="*[@xml:id]" use="@xml:id"/>

  <!-- Whether a link's target ('#id') is in the link's own document. -->
  <xsl:function name="p:is-here" as="xs:boolean">
    <xsl:param name="link" as="element()"/>
    <xsl:param name="target" as="xs:string?"/>
    <xsl:sequence select="starts-with($target, '#')
                          and exists(key('p:id', substring($target, 2), root($link)))"/>
  </xsl:function>

  <!-- The element a phrase mentions, if it points at one this document describes (kept once
       worked out, cache: each output asks it of a mention more than once). -->
  <xsl:function name="p:mentioned" as="element()?" cache="yes">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="pointer" select="tokenize(normalize-space(
        if ($e/@ref) then $e/@ref
        else if ($e/@corresp and p:behaviour($e) = 'inline') then $e/@corresp
        else $e[self::gloss | self::term]/@target))[1]"/>
    <xsl:sequence select="if (starts-with($pointer, '#'))
                          then key('p:id', substring($pointer, 2), root($e))
                               [map:contains($p:entity-kinds, local-name())][1] else ()"/>
  </xsl:function>

  <!-- The things the text mentions, each once, in the order the document describes them. -->
  <xsl:function name="p:mentioned-entities" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="($doc//*[@ref or @target or @corresp][not(ancestor::teiHeader)]
                          ! p:mentioned(.)) | ()"/>
  </xsl:function>

  <xsl:function name="p:entity-kind" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:sequence select="$p:entity-kinds(local-name($entity))"/>
  </xsl:function>

  <!-- The name of a described thing: its name element (or term), else its text. -->
  <xsl:function name="p:entity-name" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="name" select="($entity/(persName | placeName | orgName | eventName
                                       | objectName | term | form | name), $entity)[1]"/>
    <xsl:sequence select="normalize-space(string-join($name//text()))"/>
  </xsl:function>

  <!-- What the document says of it (an occupation, a gloss, a description, a note), or
       that it is a participant, and of which side; empty when it says nothing more than the name. -->
  <xsl:function name="p:entity-description" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="about" select="($entity/(occupation | gloss | desc | note | def))[1]"/>
    <xsl:sequence select="if ($about) then normalize-space(string-join($about//text()))
                          else if ($entity/ancestor::particDesc)
                          then string-join(('participant', $entity/ancestor::listPerson/head
                                            ! normalize-space()), ', ')
                          else ''"/>
  </xsl:function>

  <!-- Name and description in one line, for a tooltip. -->
  <xsl:function name="p:entity-label" as="xs:string">
    <xsl:param name="entity" as="element()"/>
    <xsl:variable name="about" select="p:entity-description($entity)"/>
    <xsl:sequence select="p:entity-name($entity) || (if ($about) then ': ' || $about else '')"/>
  </xsl:function>
</xsl:stylesheet>
