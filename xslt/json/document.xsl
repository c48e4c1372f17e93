<?xml version="1.0" encoding="UTF-8"?>
<!-- json/document.xsl: the JSON document: metadata, participants, blocks, speeches, notes, pages. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:map="http://www.w3.org/2005/xpath-functions/map"
    xmlns:array="http://www.w3.org/2005/xpath-functions/array"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Build the whole JSON document. -->
  <xsl:template match="/">
    <xsl:variable name="speeches" as="element()*" _select="//({$p:match?speech})"/>
    <xsl:variable name="speech-index" as="map(xs:string, xs:integer)"
                  select="map:merge($speeches ! map {generate-id(.): position() - 1})"/>
    <!-- The blocks as written, and the speeches each stands in (outermost first), held in
         arrays: taken by position (a speech's text is its blocks'), an array member is found
         at once.  (Sequences are walked in order with '!', not taken by position.) -->
    <xsl:variable name="records" as="map(*)*" select="p:blocks(., $speech-index)"/>
    <xsl:variable name="blocks" as="array(map(*))" select="array {$records ! p:block(.)}"/>
    <xsl:variable name="open" as="array(xs:integer*)" select="array:join($records ! [?in])"/>
    <!-- Each speech's blocks (a block stands in each speech of $open). -->
    <xsl:variable name="blocks-of" as="map(xs:integer, xs:integer*)">
      <xsl:map>
        <xsl:for-each-group select="1 to array:size($blocks)" group-by="$open(.)">
          <xsl:map-entry key="current-grouping-key()" select="current-group() ! (. - 1)"/>
        </xsl:for-each-group>
      </xsl:map>
    </xsl:variable>
    <!-- Where each block is, for the anchors (notes, pages) outside blocks; built only when
         the document has any. -->
    <xsl:variable name="index" as="map(xs:string, xs:integer)"
                  select="map:merge($records ! map {generate-id(?block): position() - 1})"/>
    <!-- The document's id: its first section's that has one, else the root's.  Sections are
         found by name, and among elements of no behaviour by what they hold (paragraphs,
         verse, speeches), so that the behaviour of every element with an id is not asked. -->
    <xsl:variable name="sections" as="element()*"
        _select="//({$p:match?section})[@xml:id] | //*[@xml:id][p | lg | l | ab | sp]
                 [not(map:contains($p:behaviours, local-name())
                      and namespace-uri() eq 'http://www.tei-c.org/ns/1.0')]
                 [p:behaviour(.) = 'section']"/>
    <xsl:sequence select="map {
      'id': string(($sections, /*)[1]/@xml:id),
      'title': p:title(.),
      'language': string((/*/@xml:lang, //text/@xml:lang, 'en')[1]),
      'metadata': p:metadata(/*/teiHeader),
      'participants': array { //teiHeader//particDesc//(person | personGrp) ! p:participant(.) },
      'blocks': $blocks,
      'speeches': array { $speeches ! p:speech(., position() - 1, $blocks-of(position() - 1),
                                               $blocks) },
      'notes': array { p:notes(.) ! p:note(., $index) },
      'pages': array { p:pages(.) ! map {'n': string(@n), 'position': p:position(., $index)} },
      'figures': array { p:figures(.) ! p:figure(., $index) },
      'apparatus': array { p:apparatus(.) ! p:apparatus-entry(., $index) },
      'entities': array { p:mentioned-entities(.) ! map {'id': string(@xml:id),
          'kind': p:entity-kind(.), 'name': p:entity-name(.),
          'description': p:entity-description(.)} }
    }"/>
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

  <!-- One text block (a record of p:blocks): its kind, element, text, anchors, page and
       speech; for a record's field its label, for a table cell where it stands; how it looked
       and the marks on its text when it has any. -->
  <xsl:function name="p:block" as="map(*)">
    <xsl:param name="record" as="map(*)"/>
    <xsl:variable name="block" as="element()" select="$record?block"/>
    <xsl:variable name="content" select="if (map:contains($record, 'text'))
        then map {'text': $record?text, 'anchors': [], 'marks': ()}
        else p:block-content($block)"/>
    <xsl:variable name="type" select="p:block-type($block)"/>
    <xsl:variable name="style" select="p:style($block)"/>
    <xsl:variable name="block-map" select="map {
      'type': $type,
      'element': local-name($block),
      'text': $content?text, 'anchors': $content?anchors,
      'page': p:page-of($block),
      'speech': $record?in[1]}"/>
    <xsl:variable name="extra" as="map(*)*" select="
      if ($type = 'field') then map {'label': p:field-label($block)} else (),
      if ($type = 'cell') then map {'cell': p:cell-position($block)} else (),
      if (exists($style)) then map {'style': $style} else (),
      if (exists($content?marks)) then map {'marks': array {$content?marks}} else ()"/>
    <xsl:sequence select="if (empty($extra)) then $block-map else map:merge(($block-map, $extra))"/>
  </xsl:function>

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

  <!-- One speech: who, the label, certainty, page at its start, its blocks (their indexes in
       $written, the blocks as written), text and notes. -->
  <xsl:function name="p:speech" as="map(*)">
    <xsl:param name="sp" as="element()"/>
    <xsl:param name="position" as="xs:integer"/>
    <xsl:param name="blocks" as="xs:integer*"/>
    <xsl:param name="written" as="array(map(*))"/>
    <xsl:variable name="notes" as="element()*" _select="$sp//({$p:match?note})"/>
    <xsl:sequence select="map {
      'index': $position, 'who': array { p:who($sp) }, 'speaker': p:speaker-label($sp),
      'cert': p:text-or-null($sp/@cert),
      'page': p:page-of($sp),
      'blocks': array { $blocks },
      'text': string-join(for $b in $blocks return $written($b + 1)?text, '&#10;'),
      'notes': array { $notes ! p:note-id(.) }
    }"/>
  </xsl:function>

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
