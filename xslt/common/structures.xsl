<?xml version="1.0" encoding="UTF-8"?>
<!--
  common/structures.xsl: what every output needs to know about the structures beyond running
  text: variant readings (app, lem, rdg), records and their labelled fields (msDesc,
  biblStruct, person, place …), tables, images, code and XML examples, choices, generated
  tables of contents.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- The variant readings of the text, in document order. -->
  <xsl:function name="p:apparatus" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence select="$doc//app[not(ancestor::teiHeader)]"/>
  </xsl:function>

  <!-- An apparatus entry's mark: a, b, … z, aa, ab, … by its place among the entries
       (counted in one pass, as notes are). -->
  <xsl:accumulator name="p:apparatus-so-far" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="app[not(ancestor::teiHeader)]" select="$value + 1"/>
  </xsl:accumulator>
  <xsl:function name="p:apparatus-mark" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="p:letters($app/accumulator-before('p:apparatus-so-far'))"/>
  </xsl:function>
  <xsl:function name="p:letters" as="xs:string">
    <xsl:param name="n" as="xs:integer"/>
    <xsl:sequence select="(if ($n gt 26) then p:letters(($n - 1) idiv 26) else '')
                          || codepoints-to-string(97 + ($n - 1) mod 26)"/>
  </xsl:function>

  <!-- A stable id for an apparatus entry: its xml:id, else one derived from its mark. -->
  <xsl:function name="p:apparatus-id" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="($app/@xml:id/string(), 'app-' || p:apparatus-mark($app))[1]"/>
  </xsl:function>

  <!-- The lemma of an apparatus entry (the text it shows), and its other readings (in
       reading groups too; not those of an entry inside its lemma or readings, which are
       that entry's). -->
  <xsl:function name="p:lemma" as="element()?">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="$app/lem[1]"/>
  </xsl:function>
  <xsl:function name="p:readings" as="element()*">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="$app//rdg[ancestor::app[1] is $app]"/>
  </xsl:function>

  <!-- The witnesses of a reading (@wit, without the '#' of a pointer). -->
  <xsl:function name="p:witnesses" as="xs:string*">
    <xsl:param name="reading" as="element()?"/>
    <xsl:sequence select="tokenize(normalize-space($reading/@wit)) ! replace(., '^#', '')"/>
  </xsl:function>

  <!-- An apparatus entry as text: "lemma] reading (witnesses); reading …". -->
  <xsl:function name="p:apparatus-text" as="xs:string">
    <xsl:param name="app" as="element()"/>
    <xsl:sequence select="string-join((p:lemma($app) ! (normalize-space(p:reading-text(.)) || ']'),
        string-join(p:readings($app) ! string-join((normalize-space(p:reading-text(.)),
            string-join(p:witnesses(.), ' ')[.] ! ('(' || . || ')')), ' '), '; ')), ' ')"/>
  </xsl:function>

  <!-- Behaviours of phrase level: inside a record, each is a labelled field. -->
  <xsl:variable name="p:phrases" as="xs:string*" select="('inline', 'link', 'choice', 'code',
      'formula', 'addition', 'deletion', 'apparatus', 'reading', 'gap', 'graphic', 'label',
      'unknown')"/>

  <!-- Behaviours of phrase level that hold reading text: standing on their own in a speech,
       section or container, each is a text block. -->
  <xsl:variable name="p:text-phrases" as="xs:string*" select="('inline', 'link', 'choice',
      'label', 'code', 'formula', 'addition', 'apparatus', 'reading')"/>

  <!-- Whether a child of a record is one of its fields: a phrase, an item, a record of its
       own, or text standing on its own (paragraphs and lists are not: they read as such). -->
  <xsl:function name="p:is-field" as="xs:boolean">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="$node instance of text()
        or ($node instance of element() and p:behaviour($node) = ($p:phrases, 'record', 'item'))"/>
  </xsl:function>

  <!-- Whether a record is prose rather than fields: it has text of its own (an origin that
       says where and when in a sentence). -->
  <xsl:function name="p:is-prose-record" as="xs:boolean">
    <xsl:param name="record" as="element()"/>
    <xsl:sequence select="exists($record/text()[normalize-space()])"/>
  </xsl:function>

  <!-- The fields of a record: its children that are fields, text of its own aside. -->
  <xsl:function name="p:fields" as="element()*">
    <xsl:param name="record" as="element()"/>
    <xsl:sequence select="$record/*[p:is-field(.)]"/>
  </xsl:function>

  <!-- Where a cell stands in its table: table (by order in the text; the header's are not
       rendered, so not counted), row and column (counting the columns the cells before it
       span), all from 0.  Tables are counted in one pass (asking each cell for the tables
       before its own took minutes in a long document). -->
  <xsl:accumulator name="p:tables-so-far" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="*[p:behaviour(.) = 'table'][not(ancestor::teiHeader)]"
                          select="$value + 1"/>
  </xsl:accumulator>
  <xsl:function name="p:cell-position" as="map(xs:string, item())">
    <xsl:param name="cell" as="element()"/>
    <xsl:variable name="row" select="$cell/.."/>
    <xsl:variable name="table" select="$row/.."/>
    <xsl:sequence select="map {
        'table': $table/accumulator-before('p:tables-so-far') - 1,
        'row': p:row-index($row),
        'column': p:cell-column($cell),
        'header': ($cell/@role, $row/@role) = 'label',
        'rows': p:span($cell/@rows), 'cols': p:span($cell/@cols)}"/>
  </xsl:function>
  <!-- A row's place among its table's rows, and a cell's first column (counting the columns
       the cells before it span), from 0: each from the one before it, kept once worked out
       (cache), so that a table is numbered in one pass (counting from the first row for each
       cell took seconds for a table of a thousand rows). -->
  <xsl:function name="p:row-index" as="xs:integer" cache="yes">
    <xsl:param name="row" as="element()"/>
    <xsl:variable name="before" select="$row/preceding-sibling::*[p:behaviour(.) = 'row'][1]"/>
    <xsl:sequence select="if ($before) then p:row-index($before) + 1 else 0"/>
  </xsl:function>
  <xsl:function name="p:cell-column" as="xs:integer" cache="yes">
    <xsl:param name="cell" as="element()"/>
    <xsl:variable name="before" select="$cell/preceding-sibling::*[p:behaviour(.) = 'cell'][1]"/>
    <xsl:sequence select="if ($before) then p:cell-column($before) + p:span($before/@cols)
                          else 0"/>
  </xsl:function>
  <!-- How many rows or columns a cell spans (1 unless a positive number says otherwise). -->
  <xsl:function name="p:span" as="xs:integer">
    <xsl:param name="value" as="attribute()?"/>
    <xsl:sequence select="if ($value castable as xs:positiveInteger) then xs:integer($value)
                          else 1"/>
  </xsl:function>

  <!-- An XML example as a sequence of tokens, each map {'kind': 'tag', 'attribute', 'value',
       'comment' or 'text', 'text': its characters}: the markup as written, for every output
       to show (HTML highlights the kinds). -->
  <xsl:function name="p:xml-tokens" as="map(xs:string, xs:string)*">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:for-each select="$nodes">
      <xsl:choose>
        <xsl:when test=". instance of element()">
          <xsl:sequence select="map {'kind': 'tag', 'text': '&lt;' || name()}"/>
          <xsl:for-each select="@*">
            <xsl:sequence select="map {'kind': 'text', 'text': ' '},
                                  map {'kind': 'attribute', 'text': name()},
                                  map {'kind': 'text', 'text': '='},
                                  map {'kind': 'value', 'text': '&quot;' || p:escape-xml(., true())
                                                                || '&quot;'}"/>
          </xsl:for-each>
          <xsl:choose>
            <xsl:when test="node()">
              <xsl:sequence select="map {'kind': 'tag', 'text': '&gt;'}, p:xml-tokens(node()),
                                    map {'kind': 'tag', 'text': '&lt;/' || name() || '&gt;'}"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:sequence select="map {'kind': 'tag', 'text': '/&gt;'}"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:when>
        <xsl:when test=". instance of comment()">
          <xsl:sequence select="map {'kind': 'comment', 'text': '&lt;!--' || . || '--&gt;'}"/>
        </xsl:when>
        <xsl:when test=". instance of text()">
          <xsl:sequence select="map {'kind': 'text', 'text': p:escape-xml(., false())}"/>
        </xsl:when>
      </xsl:choose>
    </xsl:for-each>
  </xsl:function>

  <!-- Text as XML writes it: &amp;, &lt; and &gt; escaped (and &quot; in an attribute). -->
  <xsl:function name="p:escape-xml" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="in-attribute" as="xs:boolean"/>
    <xsl:variable name="escaped" select="replace(replace(replace($text, '&amp;', '&amp;amp;'),
                                         '&lt;', '&amp;lt;'), '&gt;', '&amp;gt;')"/>
    <xsl:sequence select="if ($in-attribute) then replace($escaped, '&quot;', '&amp;quot;')
                          else $escaped"/>
  </xsl:function>

  <!-- An XML example's tokens as shown: without the blank lines around it and the indentation
       all its lines share (the example's place in the source). -->
  <xsl:function name="p:xml-example" as="map(xs:string, xs:string)*">
    <xsl:param name="example" as="element()"/>
    <xsl:variable name="tokens" select="p:xml-tokens($example/node())"/>
    <xsl:variable name="indent" select="p:common-indent(string-join($tokens ! ?text))"/>
    <xsl:variable name="last" select="count($tokens)"/>
    <xsl:for-each select="$tokens">
      <xsl:variable name="text" select="if ($indent) then replace(?text, '&#10;' || $indent,
                                        '&#10;', 'q') else ?text"/>
      <xsl:sequence select="map {'kind': ?kind, 'text':
          if (?kind ne 'text') then $text
          else if (position() = 1 and position() = $last) then p:trim($text)
          else if (position() = 1) then replace($text, '^\s+', '')
          else if (position() = $last) then replace($text, '\s+$', '') else $text}"/>
    </xsl:for-each>
  </xsl:function>

  <!-- The text of an XML example as shown. -->
  <xsl:function name="p:xml-source" as="xs:string">
    <xsl:param name="example" as="element()"/>
    <xsl:sequence select="string-join(p:xml-example($example) ! ?text)"/>
  </xsl:function>

  <!-- The white space that every line after the first, but blank ones, starts with. -->
  <xsl:function name="p:common-indent" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="indents" select="tail(tokenize($text, '&#10;'))[normalize-space()]
                                         ! replace(., '^([ \t]*)[^ \t].*$', '$1', 's')"/>
    <xsl:sequence select="(sort($indents, (), string-length#1)[1], '')[1]"/>
  </xsl:function>

  <!-- The description of an image: its own, else its figure's (figDesc, desc). -->
  <xsl:function name="p:image-description" as="xs:string">
    <xsl:param name="graphic" as="element()"/>
    <xsl:sequence select="normalize-space(($graphic/(figDesc | desc),
                                           $graphic/ancestor::figure[1]/figDesc)[1])"/>
  </xsl:function>

  <!-- The text of a code block, as written (white space and all but the blank lines around
       it). -->
  <xsl:function name="p:code-text" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="text" select="replace(replace(string($e), '^\s*\n', ''), '\s+$', '')"/>
    <xsl:variable name="indent" select="p:common-indent('&#10;' || $text)"/>
    <xsl:sequence select="if ($indent) then replace(substring($text, string-length($indent) + 1),
                          '&#10;' || $indent, '&#10;', 'q') else $text"/>
  </xsl:function>

  <!-- The readings of a choice the text does not show, and what each is. -->
  <xsl:function name="p:alternatives" as="element()*">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="$choice/* except p:chosen($choice)"/>
  </xsl:function>
  <xsl:function name="p:alternative-kind" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="(map {'sic': 'sic', 'orig': 'original', 'abbr': 'abbreviation',
        'corr': 'corrected', 'reg': 'regularised', 'expan': 'expanded', 'seg': 'or',
        'unclear': 'or'}(local-name($e)), local-name($e))[1]"/>
  </xsl:function>

  <!-- The sections a generated table of contents lists: those with a heading. -->
  <xsl:function name="p:toc-sections" as="element()*">
    <xsl:param name="divGen" as="element()"/>
    <xsl:sequence select="root($divGen)//*[p:behaviour(.) = 'section']
                          [*[p:behaviour(.) = 'heading']][not(ancestor::teiHeader)]"/>
  </xsl:function>
  <xsl:function name="p:section-title" as="xs:string">
    <xsl:param name="section" as="element()"/>
    <xsl:sequence select="normalize-space(p:reading-text(
                          $section/*[p:behaviour(.) = 'heading'][1]))"/>
  </xsl:function>

  <!-- The label of a record's field: what people call it, else its name in words. -->
  <xsl:function name="p:field-label" as="xs:string">
    <xsl:param name="e" as="element()"/>
    <xsl:sequence select="($p:field-labels(local-name($e)),
        upper-case(substring(local-name($e), 1, 1))
        || lower-case(replace(substring(local-name($e), 2), '([A-Z])', ' $1')))[1]"/>
  </xsl:function>
  <xsl:variable name="p:field-labels" as="map(xs:string, xs:string)" select="map {
      'msIdentifier': 'Identifier', 'altIdentifier': 'Other identifier', 'idno': 'Number',
      'msName': 'Name', 'settlement': 'Place', 'msContents': 'Contents', 'msItem': 'Item',
      'physDesc': 'Physical description', 'objectDesc': 'Object',
      'supportDesc': 'Support description',
      'handDesc': 'Hands', 'decoDesc': 'Decoration', 'bindingDesc': 'Binding',
      'sealDesc': 'Seals', 'accMat': 'Accompanying material', 'origDate': 'Date',
      'origPlace': 'Place of origin', 'custodialHist': 'Custodial history',
      'recordHist': 'Record history', 'adminInfo': 'Administrative information',
      'additional': 'Additional information', 'analytic': 'Part', 'monogr': 'Publication',
      'imprint': 'Imprint', 'pubPlace': 'Place', 'biblScope': 'Extent', 'citedRange': 'Range',
      'persName': 'Name', 'placeName': 'Name', 'orgName': 'Name', 'roleName': 'Role',
      'birth': 'Born', 'death': 'Died', 'floruit': 'Active', 'langKnowledge': 'Languages',
      'socecStatus': 'Social status', 'geo': 'Coordinates', 'locus': 'Folios',
      'textLang': 'Language', 'respStmt': 'Responsibility', 'relatedItem': 'Related'}"/>

</xsl:stylesheet>
