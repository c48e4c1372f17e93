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
  <xsl:variable name="p:behaviours" static="yes" as="map(xs:string, xs:string)" select="map {
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

  <!-- The template rules of every output match a behaviour's elements by name: $p:match?note
       is the pattern 'note', $p:match?inline 'abbr | add | … | quote[not(p | lg | l | ab)]'.
       These are worked out from the map when the stylesheets compile (static variables used in
       _match shadow attributes), so the XSLT processor finds an element's rule by its name
       instead of trying every behaviour's predicate on it; the map stays the one place that
       names elements.  An element of no behaviour (or of another namespace) falls through to
       each mode's low-priority '*' rule.  $p:branches holds the union's branches, for rules that
       add a condition to each (see html/text.xsl). -->
  <xsl:variable name="p:quote-names" static="yes" as="xs:string*"
                select="map:keys($p:behaviours)[$p:behaviours(.) = 'quote']"/>
  <xsl:variable name="p:branches" static="yes" as="map(xs:string, xs:string*)" select="map:merge((
      for $behaviour in distinct-values(map:keys($p:behaviours) ! $p:behaviours(.))
      return map {$behaviour: map:keys($p:behaviours)[$p:behaviours(.) = $behaviour]},
      (: a quotation is a block when it holds blocks, else a phrase (see p:behaviour) :)
      map {'quote': $p:quote-names ! (. || '[p | lg | l | ab]'),
           'inline': (map:keys($p:behaviours)[$p:behaviours(.) = 'inline'],
                      $p:quote-names ! (. || '[not(p | lg | l | ab)]'))}
    ), map {'duplicates': 'use-last'})"/>
  <xsl:variable name="p:match" static="yes" as="map(xs:string, xs:string)" select="map:merge(
      for $behaviour in map:keys($p:branches)
      return map {$behaviour: string-join(sort($p:branches($behaviour)), ' | ')})"/>

  <!-- The behaviour of an element: from the map for TEI elements (with block quotations told
       from inline ones, and an element of no behaviour holding paragraphs or speeches read as
       a section); anything else is 'unknown'. -->
  <xsl:function name="p:behaviour" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="b" select="(if (namespace-uri($e) eq 'http://www.tei-c.org/ns/1.0')
                                    then $p:behaviours(local-name($e)) else (), 'unknown')[1]"/>
    <xsl:sequence select="if ($b = 'quote' and not($e/(p | lg | l | ab))) then 'inline'
                          else if ($b = 'unknown' and $e/(p | lg | l | ab | sp)) then 'section'
                          else $b"/>
  </xsl:function>

  <!-- Elements of the text that no behaviour covers, by name (for the 'unknown' warning). -->
  <xsl:function name="p:unknown-elements" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <!-- Only elements the map does not name can be unknown: those are found first, cheaply. -->
    <xsl:variable name="unnamed" select="$root//*[not(map:contains($p:behaviours, local-name())
        and namespace-uri() eq 'http://www.tei-c.org/ns/1.0')]"/>
    <xsl:sequence select="distinct-values($unnamed[not(ancestor-or-self::teiHeader)]
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
    <xsl:sequence select="tokenize(normalize-space($sp/@who))
                          ! (if (starts-with(., '#')) then substring(., 2) else .)"/>
  </xsl:function>

  <!-- The people and groups of the header, by id (looked up for every speech). -->
  <xsl:key name="p:person" match="person | personGrp" use="@xml:id"/>

  <!-- The label of a speech: its speaker as printed, else the person's name from the header. -->
  <xsl:function name="p:speaker-label" as="xs:string">
    <xsl:param name="sp" as="element()"/>
    <xsl:variable name="ids" select="p:who($sp)"/>
    <xsl:sequence select="normalize-space(($sp/speaker,
        key('p:person', $ids, root($sp))/(persName | name)[1], $ids)[1])"/>
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
  <xsl:template _match="{string-join(('note', 'omit', 'speaker', 'page', 'gap') ! $p:match(.),
                                     ' | ')}" mode="p:reading"/>
  <xsl:template _match="{$p:match?break}" mode="p:reading">
    <xsl:sequence select="'&#10;'"/>
  </xsl:template>
  <!-- Of a choice, read the corrected/regularised/expanded alternative. -->
  <xsl:template _match="{$p:match?choice}" mode="p:reading">
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

  <!-- A text without the layout white space at its ends (pretty-printed sources), found one
       character at a time from each end: no regular expression runs over the text (on every
       block of a document, or a long paragraph, that costs time and copies). -->
  <xsl:function name="p:trim" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="first" select="p:first-non-space($text, 1)"/>
    <xsl:sequence select="substring($text, $first,
                          p:last-non-space($text, string-length($text), $first) - $first + 1)"/>
  </xsl:function>

  <!-- The position of the first character from $at on that is not white space. -->
  <xsl:function name="p:first-non-space" as="xs:integer">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="at" as="xs:integer"/>
    <xsl:sequence select="if ($at le string-length($text) and p:is-space(substring($text, $at, 1)))
                          then p:first-non-space($text, $at + 1) else $at"/>
  </xsl:function>

  <!-- The position of the last character up to $at that is not white space (not before
       $first). -->
  <xsl:function name="p:last-non-space" as="xs:integer">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="at" as="xs:integer"/>
    <xsl:param name="first" as="xs:integer"/>
    <xsl:sequence select="if ($at ge $first and p:is-space(substring($text, $at, 1)))
                          then p:last-non-space($text, $at - 1, $first) else $at"/>
  </xsl:function>

  <!-- Whether a one-character string is white space (XML's four space characters). -->
  <xsl:function name="p:is-space" as="xs:boolean">
    <xsl:param name="char" as="xs:string"/>
    <xsl:sequence select="$char = (' ', '&#9;', '&#10;', '&#13;')"/>
  </xsl:function>

  <!-- A text node with pretty-printing line breaks folded to one space (a text without line
       breaks, such as a long paragraph written on one line, is returned as it is, and the
       indentation between elements is one space without a regular expression). -->
  <xsl:function name="p:flow" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (not(contains($text, '&#10;'))) then $text
                          else if (not(normalize-space($text))) then ' '
                          else replace($text, '[ \t\r]*\n\s*', ' ')"/>
  </xsl:function>
</xsl:stylesheet>
