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
    <xsl:variable name="speech-index" as="map(xs:string, xs:integer)" select="map:merge(
        for $i in 1 to count($speeches) return map {generate-id($speeches[$i]): $i - 1})"/>
    <!-- Blocks, their contents and the speeches they stand in (outermost first), held in
         arrays: taken by position, an array member is found at once. -->
    <xsl:variable name="records" as="map(*)*" select="p:blocks(., $speech-index)"/>
    <xsl:variable name="blocks" as="array(element())" select="array {$records ! ?block}"/>
    <xsl:variable name="contents" as="array(map(*))"
                  select="array {$blocks?* ! p:block-content(.)}"/>
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
    <xsl:variable name="index" as="map(xs:string, xs:integer)" select="map:merge(
        for $i in 1 to array:size($blocks) return map {generate-id($blocks($i)): $i - 1})"/>
    <!-- The document's id: its first section's that has one (sections are found by name
         first: the behaviour of every element with an id is not asked), else the root's. -->
    <xsl:variable name="sections" as="element()*"
        _select="//({$p:match?section})[@xml:id] | //*[@xml:id][not(map:contains($p:behaviours,
                 local-name()) and namespace-uri() eq 'http://www.tei-c.org/ns/1.0')]
                 [p:behaviour(.) = 'section']"/>
    <xsl:sequence select="map {
      'id': string(($sections, /*)[1]/@xml:id),
      'title': p:title(.),
      'language': string((/*/@xml:lang, //text/@xml:lang, 'en')[1]),
      'metadata': p:metadata(/TEI/teiHeader),
      'participants': array { //teiHeader//particDesc//(person | personGrp) ! p:participant(.) },
      'blocks': array { for $i in 1 to array:size($blocks) return
          p:block($blocks($i), $contents($i), $open($i)[1]) },
      'speeches': array { for $i in 1 to count($speeches) return
          p:speech($speeches[$i], $i - 1, $blocks-of($i - 1), $contents) },
      'notes': array { p:notes(.) ! p:note(., $index) },
      'pages': array { p:pages(.) ! map {'n': string(@n), 'position': p:position(., $index)} }
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

  <!-- One text block: its kind, element, text, anchors, page and speech. -->
  <xsl:function name="p:block" as="map(*)">
    <xsl:param name="block" as="element()"/>
    <xsl:param name="content" as="map(*)"/>
    <xsl:param name="speech" as="xs:integer?"/>
    <xsl:variable name="behaviour" select="p:behaviour($block)"/>
    <xsl:sequence select="map {
      'type': if ($behaviour = $p:text-blocks) then $behaviour else 'block',
      'element': local-name($block),
      'text': $content?text, 'anchors': $content?anchors,
      'page': p:text-or-null($block/accumulator-before('p:page')),
      'speech': $speech
    }"/>
  </xsl:function>

  <!-- One speech: who, the label, certainty, page at its start, its blocks, text and notes. -->
  <xsl:function name="p:speech" as="map(*)">
    <xsl:param name="sp" as="element()"/>
    <xsl:param name="position" as="xs:integer"/>
    <xsl:param name="blocks" as="xs:integer*"/>
    <xsl:param name="contents" as="array(map(*))"/>
    <xsl:variable name="notes" as="element()*" _select="$sp//({$p:match?note})"/>
    <xsl:sequence select="map {
      'index': $position, 'who': array { p:who($sp) }, 'speaker': p:speaker-label($sp),
      'cert': p:text-or-null($sp/@cert),
      'page': p:text-or-null($sp/accumulator-before('p:page')),
      'blocks': array { $blocks },
      'text': string-join(for $b in $blocks return $contents($b + 1)?text, '&#10;'),
      'notes': array { $notes ! p:note-id(.) }
    }"/>
  </xsl:function>

  <!-- One note: number as printed, id, reading text, page and where its mark stands. -->
  <xsl:function name="p:note" as="map(*)">
    <xsl:param name="note" as="element()"/>
    <xsl:param name="index" as="map(xs:string, xs:integer)"/>
    <xsl:sequence select="map {
      'id': p:note-id($note), 'n': p:note-number($note),
      'text': p:trim(p:reading-text($note)),
      'page': p:text-or-null($note/accumulator-before('p:page')),
      'position': p:position($note, $index)
    }"/>
  </xsl:function>

  <!-- Where an anchor (note or page break) stands: block index and character offset. -->
  <xsl:function name="p:position" as="map(*)">
    <xsl:param name="anchor" as="element()"/>
    <xsl:param name="index" as="map(xs:string, xs:integer)"/>
    <xsl:variable name="inside"
                  select="$anchor/ancestor::*[map:contains($index, generate-id(.))][1]"/>
    <xsl:variable name="next"
                  select="($anchor/following::*[map:contains($index, generate-id(.))])[1]"/>
    <xsl:variable name="id" select="generate-id($anchor)"/>
    <xsl:sequence select="if ($inside) then map {'block': $index(generate-id($inside)),
        'offset': (array:flatten(p:block-content($inside)?anchors)[?id = p:note-id($anchor)
                   or (?type = 'page' and $anchor/self::*[p:behaviour(.) = 'page']
                       and ?n = string($anchor/@n))]?offset, 0)[1]}
      else map {'block': if ($next) then $index(generate-id($next)) else (), 'offset': 0}"/>
  </xsl:function>

  <xsl:function name="p:text-or-null" as="xs:string?">
    <xsl:param name="node" as="item()?"/>
    <xsl:sequence select="if (normalize-space(string($node))) then normalize-space(string($node))
                          else ()"/>
  </xsl:function>
</xsl:stylesheet>
