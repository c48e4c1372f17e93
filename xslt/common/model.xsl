<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/model.xsl: the shared model of every rendering (HTML, JSON, text).

  The only place that names TEI elements for rendering: a behaviour map from element name to
  what the element *is* (block, speech, note, page …).  The outputs match on behaviour, never on
  element name, so a new element needs one line here and every output renders it.
  Also: the accumulator for the current page, and functions for speakers, notes and text.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- What each TEI element is, for rendering; anything absent is 'unknown' (rendered as text
       and counted, never dropped). -->
  <xsl:variable name="p:behaviours" as="map(xs:string, xs:string)" select="map {
      (: the header is rendered from its own fields by each output's page template :)
      'teiHeader': 'omit', 'standOff': 'omit', 'facsimile': 'omit',
      'TEI': 'container', 'text': 'container', 'body': 'container', 'front': 'container',
      'back': 'container', 'group': 'container', 'titlePage': 'section',
      'div': 'section', 'div1': 'section', 'div2': 'section', 'div3': 'section',
      'head': 'heading', 'docTitle': 'heading', 'titlePart': 'block',
      'p': 'block', 'ab': 'block', 'opener': 'block', 'closer': 'block', 'dateline': 'block',
      'salute': 'block', 'signed': 'block', 'trailer': 'block', 'byline': 'block',
      'docAuthor': 'block', 'docDate': 'block', 'epigraph': 'block', 'postscript': 'block',
      'argument': 'block', 'cit': 'block', 'figure': 'block', 'set': 'block',
      'lg': 'block', 'l': 'line',
      'sp': 'speech', 'speaker': 'speaker', 'stage': 'stage',
      'note': 'note', 'pb': 'page', 'lb': 'break',
      (: layout markers with no reading text of their own :)
      'cb': 'omit', 'milestone': 'omit', 'fw': 'omit', 'anchor': 'omit', 'figDesc': 'omit',
      'list': 'list', 'listPerson': 'list', 'castList': 'list', 'castGroup': 'list',
      'listBibl': 'list',
      'item': 'item', 'castItem': 'item', 'person': 'item', 'personGrp': 'item', 'bibl': 'item',
      'quote': 'quote',
      'choice': 'choice', 'gap': 'gap',
      'ref': 'link', 'ptr': 'link',
      'hi': 'inline', 'emph': 'inline', 'q': 'inline', 'said': 'inline', 'mentioned': 'inline',
      'soCalled': 'inline', 'foreign': 'inline', 'term': 'inline', 'gloss': 'inline',
      'title': 'inline', 'name': 'inline', 'persName': 'inline', 'placeName': 'inline',
      'orgName': 'inline', 'geogName': 'inline', 'roleName': 'inline', 'forename': 'inline',
      'surname': 'inline', 'addName': 'inline', 'rs': 'inline', 'date': 'inline',
      'time': 'inline', 'num': 'inline', 'measure': 'inline', 'seg': 'inline', 'w': 'inline',
      'c': 'inline', 'pc': 'inline', 'role': 'inline', 'roleDesc': 'inline', 'abbr': 'inline',
      'expan': 'inline', 'sic': 'inline', 'corr': 'inline', 'reg': 'inline', 'orig': 'inline',
      'add': 'inline', 'unclear': 'inline', 'supplied': 'inline', 'damage': 'inline',
      'signed-name': 'inline', 'idno': 'inline', 'label': 'inline', 'gi': 'inline',
      'occupation': 'inline', 'affiliation': 'inline',
      'del': 'omit', 'desc': 'omit'
    }"/>

  <!-- The behaviour of an element: from the map, with block quotations told from inline ones. -->
  <xsl:function name="p:behaviour" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="b" select="($p:behaviours(local-name($e)), 'unknown')[1]"/>
    <xsl:sequence select="if ($b = 'quote' and not($e/(p | lg | l | ab))) then 'inline'
                          else if ($b = 'unknown' and $e/(p | lg | l | ab | sp)) then 'section'
                          else $b"/>
  </xsl:function>

  <!-- Elements of the text that no behaviour covers, by name (for the 'unknown' warning). -->
  <xsl:function name="p:unknown-elements" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <xsl:sequence select="distinct-values($root//*[not(ancestor-or-self::teiHeader)]
                                                  [p:behaviour(.) = 'unknown'] ! local-name())"/>
  </xsl:function>

  <!-- The page each node stands on: the last pb before it, or the implied first page. -->
  <xsl:accumulator name="p:page" as="xs:string?" initial-value="()">
    <xsl:accumulator-rule match="biblScope[@unit = 'page'][ancestor::sourceDesc]"
                          select="if ($value) then $value else string(@from)"/>
    <xsl:accumulator-rule match="pb[not(ancestor::note)]" select="string(@n)"/>
  </xsl:accumulator>

  <!-- The document title: the first title of the title statement, else the first head. -->
  <xsl:function name="p:title" as="xs:string">
    <xsl:param name="doc" as="node()"/>
    <xsl:variable name="title" select="($doc//teiHeader/fileDesc/titleStmt/title[normalize-space()],
        $doc//head[not(ancestor::teiHeader)][normalize-space()])[1]"/>
    <xsl:sequence select="if ($title) then normalize-space(p:reading-text($title)) else ''"/>
  </xsl:function>

  <!-- The ids a speech points at (@who without '#'). -->
  <xsl:function name="p:who" as="xs:string*">
    <xsl:param name="sp" as="element()"/>
    <xsl:sequence select="tokenize(normalize-space($sp/@who)) ! replace(., '^#', '')"/>
  </xsl:function>

  <!-- The label of a speech: its speaker as printed, else the person's name from the header. -->
  <xsl:function name="p:speaker-label" as="xs:string">
    <xsl:param name="sp" as="element()"/>
    <xsl:variable name="ids" select="p:who($sp)"/>
    <xsl:sequence select="normalize-space(($sp/speaker,
        root($sp)//(person | personGrp)[@xml:id = $ids]/(persName | name)[1], $ids)[1])"/>
  </xsl:function>

  <!-- A note's number as printed, else its position among the notes. -->
  <xsl:function name="p:note-number" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="($note/@n[normalize-space()]/string(),
        string(count($note/preceding::note[not(ancestor::teiHeader)]) + 1))[1]"/>
  </xsl:function>

  <!-- A stable id for a note: its xml:id, else one derived from its number. -->
  <xsl:function name="p:note-id" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="($note/@xml:id/string(), 'note-' || p:note-number($note))[1]"/>
  </xsl:function>

  <!-- The notes of the text (not of the header), in document order; the document may be a
       whole TEI or a fragment such as a single div. -->
  <xsl:function name="p:notes" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="$doc//note[not(ancestor::teiHeader | ancestor::standOff)]"/>
  </xsl:function>

  <!-- The page breaks of the text (not inside notes), in document order. -->
  <xsl:function name="p:pages" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="$doc//pb[not(ancestor::note | ancestor::teiHeader)]"/>
  </xsl:function>

  <!-- The reading text of a node: its characters without notes, speaker labels or markers. -->
  <xsl:function name="p:reading-text" as="xs:string">
    <xsl:param name="node" as="node()"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$node/node()" mode="p:reading"/>
    </xsl:variable>
    <xsl:sequence select="string-join($parts)"/>
  </xsl:function>

  <!-- Text counts; pretty-printing line breaks (a newline and its indentation) become a space. -->
  <xsl:template match="text()" mode="p:reading">
    <xsl:sequence select="p:flow(.)"/>
  </xsl:template>
  <!-- Notes, labels and markers are not part of the reading text. -->
  <xsl:template match="*[p:behaviour(.) = ('note', 'omit', 'speaker', 'page', 'gap')]"
                mode="p:reading"/>
  <xsl:template match="*[p:behaviour(.) = 'break']" mode="p:reading">
    <xsl:sequence select="'&#10;'"/>
  </xsl:template>
  <!-- Of a choice, read the corrected/regularised/expanded alternative. -->
  <xsl:template match="*[p:behaviour(.) = 'choice']" mode="p:reading">
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
  </xsl:template>
  <xsl:template match="*" mode="p:reading">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>

  <!-- The alternative of a choice that the reading text shows. -->
  <xsl:function name="p:chosen" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="($choice/(corr | reg | expan), $choice/*)[1]"/>
  </xsl:function>

  <!-- A text without the layout white space at its ends (pretty-printed sources).  Each regex
       runs only when its end has white space: on long texts a regex costs time and copies. -->
  <xsl:function name="p:trim" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="start" select="if (p:is-space(substring($text, 1, 1)))
                                       then replace($text, '^\s+', '') else $text"/>
    <xsl:sequence select="if (p:is-space(substring($start, string-length($start))))
                          then replace($start, '\s+$', '') else $start"/>
  </xsl:function>

  <!-- Whether a one-character string is white space (XML's four space characters). -->
  <xsl:function name="p:is-space" as="xs:boolean">
    <xsl:param name="char" as="xs:string"/>
    <xsl:sequence select="$char = (' ', '&#9;', '&#10;', '&#13;')"/>
  </xsl:function>

  <!-- A text node with pretty-printing line breaks folded to one space (a text without line
       breaks, such as a long paragraph written on one line, is returned as it is). -->
  <xsl:function name="p:flow" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (contains($text, '&#10;')) then replace($text, '[ \t\r]*\n\s*', ' ')
                          else $text"/>
  </xsl:function>
</xsl:stylesheet>
