<?xml version="1.0" encoding="UTF-8"?>
<!-- json/document.xsl: the JSON document: metadata, participants, blocks, speeches, notes, pages
     (written as text: see json/write.xsl). -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Write the whole JSON document. -->
  <xsl:template match="/">
    <xsl:variable name="speeches" as="element()*" _select="//({$p:match?speech})"/>
    <xsl:variable name="speech-index" as="map(xs:string, xs:integer)"
                  select="map:merge($speeches ! map {generate-id(.): position() - 1})"/>
    <!-- The blocks, their contents, and the speeches each stands in (outermost first), held
         in arrays: taken by position (a speech's text is its blocks'), an array member is
         found at once.  (Sequences are walked in order with '!', not taken by position.) -->
    <xsl:variable name="records" as="map(*)*" select="p:blocks(., $speech-index)"/>
    <xsl:variable name="contents" as="array(map(*))" select="array {$records ! p:record-content(.)}"/>
    <!-- Each block's text as a JSON string has it (escaped, not quoted): a speech's text is
         its blocks' texts joined by escaped line feeds. -->
    <xsl:variable name="texts" as="array(xs:string)"
                  select="array {$records ! p:json-escaped($contents(position())?text)}"/>
    <xsl:variable name="open" as="array(xs:integer*)" select="array:join($records ! [?in])"/>
    <!-- Each speech's blocks (a block stands in each speech of $open). -->
    <xsl:variable name="blocks-of" as="map(xs:integer, xs:integer*)">
      <xsl:map>
        <xsl:for-each-group select="1 to array:size($contents)" group-by="$open(.)">
          <xsl:map-entry key="current-grouping-key()" select="current-group() ! (. - 1)"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <!-- Where each block is, for the anchors (notes, pages) outside blocks; built only when
         the document has any. -->
    <xsl:variable name="index" as="map(xs:string, xs:integer)"
                  select="map:merge($records ! map {generate-id(?block): position() - 1})"/>
    <!-- The document's id: its first section's that has one, else the root's.  Elements with
         an id are looked at in document order until a section is found; a TEI element is
         told by its name, so that the behaviour of every element with an id is not asked. -->
    <xsl:variable name="section" as="element()?" select="(//*[@xml:id][
        if (namespace-uri() eq 'http://www.tei-c.org/ns/1.0'
            and map:contains($p:behaviours, local-name()))
        then $p:behaviours(local-name()) eq 'section' else p:behaviour(.) eq 'section'])[1]"/>
    <!-- All but the blocks and the speeches is written by the serializer, in one call (a call
         costs as much as a few dozen values written here); the blocks and speeches, written
         here, take the places of the two numbers it holds for them.  ('"blocks":-1,' can
         stand nowhere else in what the serializer writes: in a string every quotation mark is
         escaped, so that text is that key of the document's map, with that value.) -->
    <xsl:variable name="rest" as="xs:string" select="serialize(map {
        'id': string(($section, /*)[1]/@xml:id),
        'title': p:title(.),
        'language': string((/*/@xml:lang, //text/@xml:lang, 'en')[1]),
        'metadata': p:metadata(/*/teiHeader),
        'participants': array { //teiHeader//particDesc//(person | personGrp) ! p:participant(.) },
        'blocks': -1,
        'speeches': -2,
        'notes': array { p:notes(.) ! p:note(., $index) },
        'pages': array { p:pages(.) ! map {'n': string(@n), 'position': p:position(., $index)} },
        'figures': array { p:figures(.) ! p:figure(., $index) },
        'apparatus': array { p:apparatus(.) ! p:apparatus-entry(., $index) },
        'entities': array { p:mentioned-entities(.) ! map {'id': string(@xml:id),
            'kind': p:entity-kind(.), 'name': p:entity-name(.),
            'description': p:entity-description(.)} }
      }, $p:json)"/>
    <xsl:value-of select="substring-before($rest, '&quot;blocks&quot;:-1,')"/>
    <xsl:text>"blocks":[</xsl:text>
    <xsl:for-each select="$records">
      <xsl:if test="position() gt 1"><xsl:text>,</xsl:text></xsl:if>
      <xsl:call-template name="p:write-block">
        <xsl:with-param name="record" select="."/>
        <xsl:with-param name="content" select="$contents(position())"/>
        <xsl:with-param name="text" select="$texts(position())"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:text>],"speeches":[</xsl:text>
    <xsl:for-each select="$speeches">
      <xsl:if test="position() gt 1"><xsl:text>,</xsl:text></xsl:if>
      <xsl:call-template name="p:write-speech">
        <xsl:with-param name="position" select="position() - 1"/>
        <xsl:with-param name="blocks" select="$blocks-of(position() - 1)"/>
        <xsl:with-param name="texts" select="$texts"/>
      </xsl:call-template>
    </xsl:for-each>
    <xsl:text>]</xsl:text>
    <xsl:value-of select="substring-after($rest, '&quot;speeches&quot;:-2')"/>
  </xsl:template>

  <!-- The header's facts; a fact the header lacks is null. -->
  <xsl:function name="p:metadata" as="map(*)">
    <xsl:param name="header" as="element()?"/>
    <xsl:variable name="bibl" select="$header/fileDesc/sourceDesc/bibl[1]"/>
    <xsl:variable name="ms" select="$header/fileDesc/sourceDesc/msDesc/msIdentifier"/>
    <xsl:variable name="date" select="$header/profileDesc/creation/date[1]"/>
    <xsl:variable name="scope" select="$bibl/biblScope[@unit = 'page'][1]"/>
    <xsl:sequence select="map {
      'heading': p:text-or-null($bibl/title[1]),
      'document': p:text-or-null($bibl/idno[@type = 'document'][1]),
      'authors': array { $header/fileDesc/titleStmt/author ! normalize-space() },
      'date': if ($date) then map {'text': normalize-space($date),
                  'when': p:text-or-null($date/@when), 'from': p:text-or-null($date/@from),
                  'to': p:text-or-null($date/@to)} else (),
      'place': p:text-or-null($header/profileDesc/creation/placeName[1]),
      'meetingPlace': p:text-or-null($header/profileDesc/settingDesc/setting[1]/placeName[1]),
      'source': if ($ms) then map {'repository': p:text-or-null($ms/repository),
                  'collection': p:text-or-null($ms/collection[1]),
                  'file': p:text-or-null($ms/idno[1])} else (),
      'classification': p:text-or-null($bibl/note[@type = 'classification'][1]),
      'responsibility': array { $bibl/respStmt ! map {'role': normalize-space(resp[1]),
                  'names': array { persName ! normalize-space() }} },
      'pages': if ($scope) then map {'from': string($scope/@from), 'to': string($scope/@to)}
               else ()
    }"/>
  </xsl:function>

  <!-- One participant, with the group (side) it is listed under. -->
  <xsl:function name="p:participant" as="map(*)">
    <xsl:param name="person" as="element()"/>
    <xsl:sequence select="map {
      'id': string($person/@xml:id),
      'name': normalize-space(($person/persName, $person/name, $person/@xml:id)[1]),
      'role': p:text-or-null($person/persName[1]/roleName[1]),
      'occupation': p:text-or-null($person/occupation[1]),
      'group': p:text-or-null($person/ancestor::listPerson[head][1]/head)
    }"/>
  </xsl:function>

  <!-- A block's content: its text, anchors and marks (p:block-content); code and XML
       examples come with their text as written. -->
  <xsl:function name="p:record-content" as="map(*)">
    <xsl:param name="record" as="map(*)"/>
    <xsl:sequence select="if (map:contains($record, 'text'))
        then map {'text': $record?text, 'anchors': [], 'marks': ()}
        else p:block-content($record?block)"/>
  </xsl:function>

  <!-- One text block (a record of p:blocks, its content): its kind, element, text, anchors,
       page and speech; for a record's field its label, for a table cell where it stands; how
       it looked and the marks on its text when it has any. -->
  <xsl:template name="p:write-block">
    <xsl:param name="record" as="map(*)"/>
    <xsl:param name="content" as="map(*)"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="block" as="element()" select="$record?block"/>
    <xsl:variable name="type" select="p:block-type($block)"/>
    <xsl:variable name="style" select="p:style($block)"/>
    <!-- (Kinds and element names hold nothing to escape.) -->
    <xsl:text>{"type":"</xsl:text><xsl:value-of select="$type"/>
    <xsl:text>","element":"</xsl:text><xsl:value-of select="local-name($block)"/>
    <xsl:text>","text":"</xsl:text><xsl:value-of select="$text"/>
    <xsl:text>","anchors":</xsl:text>
    <xsl:value-of select="if (array:size($content?anchors) eq 0) then '[]'
                          else serialize($content?anchors, $p:json)"/>
    <xsl:text>,"page":</xsl:text><xsl:value-of select="p:json-value(p:page-of($block))"/>
    <xsl:text>,"speech":</xsl:text><xsl:value-of select="p:json-value($record?in[1])"/>
    <xsl:if test="$type = 'field'">
      <xsl:text>,"label":</xsl:text><xsl:value-of select="p:json-string(p:field-label($block))"/>
    </xsl:if>
    <xsl:if test="$type = 'cell'">
      <xsl:text>,"cell":</xsl:text>
      <xsl:value-of select="serialize(p:cell-position($block), $p:json)"/>
    </xsl:if>
    <xsl:if test="exists($style)">
      <xsl:text>,"style":</xsl:text><xsl:value-of select="serialize($style, $p:json)"/>
    </xsl:if>
    <xsl:if test="exists($content?marks)">
      <xsl:text>,"marks":</xsl:text>
      <xsl:value-of select="serialize(array {$content?marks}, $p:json)"/>
    </xsl:if>
    <xsl:text>}</xsl:text>
  </xsl:template>

  <!-- A block's kind: its behaviour (a record's field is a 'field', code and XML examples are
       'code'; a phrase or section standing as a block is a 'block'). -->
  <xsl:function name="p:block-type" as="xs:string">
    <xsl:param name="block" as="element()"/>
    <xsl:variable name="behaviour" select="p:behaviour($block)"/>
    <xsl:sequence select="if (map:contains($p:field-behaviours, $behaviour)
                              and p:behaviour($block/..) = 'record') then 'field'
                          else ($p:block-types($behaviour), 'block')[1]"/>
  </xsl:function>
  <!-- Behaviours whose blocks are of their own kind (as looked up: a map finds it at once),
       and those whose elements are a record's fields when they stand in one. -->
  <xsl:variable name="p:block-types" as="map(xs:string, xs:string)" select="map:merge((
      map {'code-block': 'code', 'xml-example': 'code'}, $p:text-blocks ! map {.: .}))"/>
  <xsl:variable name="p:field-behaviours" as="map(xs:string, xs:boolean)"
                select="map:merge(($p:phrases, 'record', 'item') ! map {.: true()})"/>

  <!-- The figures of the text: a figure element, or an image standing outside one. -->
  <xsl:function name="p:figures" as="element()*">
    <xsl:param name="doc" as="node()"/>
    <xsl:sequence _select="$doc//({$p:match?figure})[not(ancestor::teiHeader)]
        | $doc//({$p:match?graphic})[not(ancestor::teiHeader)]
          [not(ancestor::*[p:behaviour(.) = 'figure'])]"/>
  </xsl:function>

  <!-- One figure: its id, caption, description, images (addresses a page may use; an unsafe
       one is null) and where it stands. -->
  <xsl:function name="p:figure" as="map(*)">
    <xsl:param name="figure" as="element()"/>
    <xsl:param name="index" as="map(xs:string, xs:integer)"/>
    <xsl:variable name="images" select="$figure/descendant-or-self::*[p:behaviour(.) = 'graphic']"/>
    <xsl:sequence select="map {
      'id': p:text-or-null($figure/@xml:id),
      'caption': p:text-or-null(($figure/*[p:behaviour(.) = 'heading'])[1] ! p:reading-text(.)),
      'description': p:text-or-null(($figure/figDesc, $images[1] ! p:image-description(.))[1]),
      'images': array { $images ! map {'url': p:safe-url(@url),
                                       'description': p:text-or-null(p:image-description(.))} },
      'position': p:position($figure, $index)
    }"/>
  </xsl:function>

  <!-- One entry of the apparatus: its id and mark, the lemma, the readings with their
       witnesses, and where it stands. -->
  <xsl:function name="p:apparatus-entry" as="map(*)">
    <xsl:param name="app" as="element()"/>
    <xsl:param name="index" as="map(xs:string, xs:integer)"/>
    <xsl:sequence select="map {
      'id': p:apparatus-id($app), 'mark': p:apparatus-mark($app),
      'lemma': p:text-or-null(p:lemma($app) ! p:reading-text(.)),
      'lemmaWitnesses': array { p:witnesses(p:lemma($app)) },
      'readings': array { p:readings($app) ! map {'text': normalize-space(p:reading-text(.)),
                                                  'witnesses': array { p:witnesses(.) }} },
      'position': p:position($app, $index)
    }"/>
  </xsl:function>

  <!-- One speech (the context item): who, the label, certainty, page at its start, its
       blocks (their indexes; $texts holds the texts of all blocks), text and notes. -->
  <xsl:template name="p:write-speech">
    <xsl:param name="position" as="xs:integer"/>
    <xsl:param name="blocks" as="xs:integer*"/>
    <xsl:param name="texts" as="array(xs:string)"/>
    <xsl:variable name="notes" as="element()*" _select=".//({$p:match?note})"/>
    <xsl:text>{"index":</xsl:text><xsl:value-of select="$position"/>
    <xsl:text>,"who":</xsl:text><xsl:value-of select="p:json-strings(p:who(.))"/>
    <xsl:text>,"speaker":</xsl:text><xsl:value-of select="p:json-string(p:speaker-label(.))"/>
    <xsl:text>,"cert":</xsl:text><xsl:value-of select="p:json-value(p:text-or-null(@cert))"/>
    <xsl:text>,"page":</xsl:text><xsl:value-of select="p:json-value(p:page-of(.))"/>
    <xsl:text>,"blocks":[</xsl:text><xsl:value-of select="$blocks" separator=","/>
    <xsl:text>],"text":"</xsl:text>
    <xsl:value-of select="string-join(for $b in $blocks return $texts($b + 1), '\n')"/>
    <xsl:text>","notes":</xsl:text><xsl:value-of select="p:json-strings($notes ! p:note-id(.))"/>
    <xsl:text>}</xsl:text>
  </xsl:template>

  <!-- One note: number as printed, id, reading text, page and where its mark stands. -->
  <xsl:function name="p:note" as="map(*)">
    <xsl:param name="note" as="element()"/>
    <xsl:param name="index" as="map(xs:string, xs:integer)"/>
    <xsl:variable name="text" select="p:trim(p:reading-text($note))"/>
    <xsl:sequence select="map:merge((map {
      'id': p:note-id($note), 'n': p:note-number($note),
      'text': $text,
      'page': p:page-of($note),
      'position': p:position($note, $index)
    }, p:note-marks($note, $text)))"/>
  </xsl:function>

  <!-- The mentions and links of a note, at offsets in its (trimmed) text; only for a note
       that has any (the text of its pieces is its reading text, less the trimmed space). -->
  <xsl:function name="p:note-marks" as="map(*)?">
    <xsl:param name="note" as="element()"/>
    <xsl:param name="text" as="xs:string"/>
    <xsl:if test="$note//*[@ref or @target or @corresp]">
      <xsl:variable name="content" select="p:block-content($note)"/>
      <xsl:variable name="shift" select="string-length(substring-before($content?text, $text))"/>
      <xsl:variable name="marks" select="$content?marks[?type = ('mention', 'link')]
          ! map:merge((map {'start': ?start - $shift, 'end': ?end - $shift}, .))"/>
      <xsl:if test="exists($marks) and contains($content?text, $text)">
        <xsl:sequence select="map {'marks': array {$marks}}"/>
      </xsl:if>
    </xsl:if>
  </xsl:function>

  <!-- Where an anchor stands (a note, page break, figure or variant reading): block index and
       character offset; outside blocks, the first block inside it or after it. -->
  <xsl:function name="p:position" as="map(*)">
    <xsl:param name="anchor" as="element()"/>
    <xsl:param name="index" as="map(xs:string, xs:integer)"/>
    <xsl:variable name="inside"
                  select="$anchor/ancestor-or-self::*[map:contains($index, generate-id(.))][1]"/>
    <xsl:variable name="next" select="($anchor/descendant::*[map:contains($index, generate-id(.))],
        $anchor/following::*[map:contains($index, generate-id(.))])[1]"/>
    <xsl:sequence select="if ($inside) then map {'block': $index(generate-id($inside)),
        'offset': (p:offset-in($anchor, p:block-content($inside)), 0)[1]}
      else map {'block': if ($next) then $index(generate-id($next)) else (), 'offset': 0}"/>
  </xsl:function>

  <!-- The offset of an anchor within its block's content: a note or page break by its
       anchor, a variant reading by its mark. -->
  <xsl:function name="p:offset-in" as="xs:integer?">
    <xsl:param name="anchor" as="element()"/>
    <xsl:param name="content" as="map(*)"/>
    <xsl:variable name="behaviour" select="p:behaviour($anchor)"/>
    <xsl:sequence select="if ($behaviour = 'note')
          then array:flatten($content?anchors)[?id = p:note-id($anchor)][1]?offset
        else if ($behaviour = 'page')
          then array:flatten($content?anchors)[?type = 'page'][?n = string($anchor/@n)][1]?offset
        else if ($behaviour = 'apparatus')
          then $content?marks[?type = 'apparatus'][?id = p:apparatus-id($anchor)][1]?start
        else ()"/>
  </xsl:function>

  <!-- The page a node stands on, or null. -->
  <xsl:function name="p:page-of" as="xs:string?">
    <xsl:param name="node" as="node()"/>
    <xsl:sequence select="if ($p:paged) then p:text-or-null($node/accumulator-before('p:page'))
                          else ()"/>
  </xsl:function>

  <xsl:function name="p:text-or-null" as="xs:string?">
    <xsl:param name="node" as="item()?"/>
    <xsl:variable name="text" select="normalize-space(string($node))"/>
    <xsl:sequence select="if ($text) then $text else ()"/>
  </xsl:function>
</xsl:stylesheet>
