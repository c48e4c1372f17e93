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
    xmlns:m="http://www.w3.org/1998/Math/MathML"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <xsl:include href="appearance.xsl"/>
  <xsl:include href="structures.xsl"/>
  <xsl:include href="mentions.xsl"/>

  <!-- What each TEI element is, for rendering: every element of TEI P5 (tests/test_xslt_model.py
       checks the map against schemas/tei/tei_all.rng), family by family.  An element of no
       behaviour (a name TEI does not define, or an element of another namespace) is rendered
       as its text and reported, never dropped. -->
  <xsl:variable name="p:families" static="yes" as="map(xs:string, xs:string*)" select="map {
      (: Header, standoff and facsimile: the page template renders the header from its own
         fields; metadata, links, interpretations and schema specifications are not text. :)
      'omit': tokenize('teiHeader standOff facsimile sourceDoc surface surfaceGrp zone line path
        fileDesc titleStmt editionStmt publicationStmt seriesStmt notesStmt sourceDesc
        encodingDesc profileDesc revisionDesc xenoData change listChange projectDesc
        samplingDecl editorialDecl correction hyphenation interpretation normalization
        punctuation quotation segmentation stdVals tagsDecl rendition tagUsage namespace
        styleDefDecl refsDecl cRefPattern refState citeStructure citeData prefixDef
        listPrefixDef classDecl taxonomy category catDesc geoDecl unitDecl unitDef conversion
        metDecl metSym variantEncoding charDecl char glyph charName charProp localProp
        unicodeProp unihanProp glyphName localName unicodeName value mapping appInfo application
        schemaRef transcriptionDesc
        calendarDesc calendar langUsage language textClass keywords classCode catRef
        correspDesc correspAction correspContext creation handNotes settingDesc setting
        particDesc textDesc channel constitution derivation domain factuality interaction
        preparedness purpose abstract recordingStmt recording broadcast equipment scriptStmt
        listTranspose transpose listAnnotation annotation
        fw cb gb milestone anchor handShift caesura addSpan delSpan damageSpan
        figDesc desc equiv altIdent witDetail binaryObject
        link linkGrp join joinGrp span spanGrp substJoin alt altGrp interp interpGrp
        timeline when certainty precision respons index
        fs f fLib fvLib fsdDecl fsDecl fsDescr fDecl fDescr vRange vDefault fsConstraints
        cond bicond if iff then fsdLink binary default numeric string symbol vAlt vLabel
        vColl vMerge vNot graph node arc tree iNode eLeaf root triangle forest eTree listForest
        schemaSpec moduleSpec moduleRef elementSpec classSpec dataSpec macroSpec
        constraintSpec specGrp specGrpRef specDesc specList attDef attList attRef classes
        memberOf model modelGrp modelSequence outputRendition paramList paramSpec param
        content sequence alternate anyElement empty textNode classRef dataRef elementRef
        macroRef datatype dataFacet constraint defaultVal valDesc valItem valList exemplum
        remarks listRef'),
      'container': tokenize('TEI text body front back group noteGrp'),
      'corpus': tokenize('teiCorpus'),
      'generated': tokenize('divGen'),
      'section': tokenize('div div1 div2 div3 div4 div5 div6 div7 titlePage floatingText spGrp
        prologue epilogue performance entry entryFree superEntry dictScrap annotationBlock'),
      'heading': tokenize('head docTitle headLabel headItem'),
      'block': tokenize('p ab opener closer dateline salute signed trailer byline docAuthor
        docDate docEdition docImprint imprimatur epigraph postscript argument cit set
        titlePart meeting address caption sense hom re u summary lg'),
      'line': tokenize('l addrLine'),
      'speech': tokenize('sp'),
      'speaker': tokenize('speaker'),
      'stage': tokenize('stage move view camera sound tech incident kinesic vocal writing
        shift pause'),
      'note': tokenize('note'),
      'page': tokenize('pb'),
      'break': tokenize('lb'),
      'list': tokenize('list listPerson listPlace listOrg listBibl listEvent listObject
        listRelation listNym listWit listApp castList castGroup'),
      'item': tokenize('item castItem bibl relation witness nym'),
      'label': tokenize('label'),
      (: records: labelled fields, one per child :)
      'record': tokenize('msDesc msPart msFrag msIdentifier altIdentifier msContents msItem
        msItemStruct physDesc objectDesc supportDesc support collation foliation condition
        layoutDesc layout handDesc handNote scriptDesc scriptNote typeDesc typeNote
        decoDesc musicNotation additions bindingDesc binding sealDesc seal accMat history
        origin provenance acquisition additional adminInfo recordHist source custodialHist
        custEvent surrogates biblStruct biblFull analytic monogr series imprint
        relatedItem objectIdentifier person personGrp persona place org event object location'),
      'quote': tokenize('quote'),
      'choice': tokenize('choice'),
      'apparatus': tokenize('app'),
      'reading': tokenize('lem rdg rdgGrp'),
      'addition': tokenize('add'),
      'deletion': tokenize('del'),
      'gap': tokenize('gap'),
      'link': tokenize('ref ptr'),
      'table': tokenize('table'),
      'row': tokenize('row'),
      'cell': tokenize('cell'),
      'figure': tokenize('figure notatedMusic'),
      'graphic': tokenize('graphic media'),
      'formula': tokenize('formula'),
      'code': tokenize('code ident gi tag att val'),
      'code-block': tokenize('eg'),
      'xml-example': tokenize('egXML'),
      (: phrases: text with a look, a name, a date, an editorial or transcriptional nuance :)
      'inline': tokenize('hi emph q said mentioned soCalled distinct foreign term gloss title
        name persName placeName orgName geogName roleName forename surname addName genName
        nameLink rs date time num measure measureGrp unit dim geo dimensions height width
        depth seg w c pc cl m phr s g role roleDesc actor abbr am ex expan sic corr reg orig
        supplied unclear damage secl surplus mod redo restore retrace undo metamark subst
        space ellipsis ruby rb rt rhyme idno email street postBox postCode country region
        settlement district bloc geogFeat objectName population climate terrain
        offset trait state birth death residence occupation education faith nationality sex
        age floruit socecStatus langKnowledge langKnown persPronouns affiliation activity
        locale author editor funder principal sponsor respStmt resp publisher distributor
        authority pubPlace availability licence edition extent biblScope citedRange textLang
        locus locusGrp origDate origPlace catchwords heraldry material objectType
        secFol signatures stamp watermark incipit explicit rubric finalRubric colophon
        filiation decoNote repository institution collection msName def etym form orth pron
        hyph syll stress gramGrp pos subc colloc gram gen number per tns mood case iType
        usg lbl xr oRef pRef lacunaStart lacunaEnd wit witStart witEnd lang leaf')
    }"/>
  <!-- Each element's behaviour, by name (the families turned around). -->
  <xsl:variable name="p:behaviours" static="yes" as="map(xs:string, xs:string)" select="
      map:merge(map:for-each($p:families, function($behaviour, $names) {
        $names ! map {.: $behaviour}}))"/>

  <!-- The template rules of every output match a behaviour's elements by name: $p:match?note
       is the pattern 'note', $p:match?inline 'abbr | add | … | quote[not(p | lg | l | ab)]'
       (nested, below).
       These are worked out from the map when the stylesheets compile (static variables used in
       _match shadow attributes), so the XSLT processor finds an element's rule by its name
       instead of trying every behaviour's predicate on it; the map stays the one place that
       names elements.  An element of no behaviour (or of another namespace) falls through to
       each mode's low-priority '*' rule.  $p:branches holds the union's branches, for rules that
       add a condition to each (see html/text.xsl). -->
  <xsl:variable name="p:branches" static="yes" as="map(xs:string, xs:string*)" select="map:merge((
      $p:families,
      (: a quotation is a block when it holds blocks, else a phrase (see p:behaviour) :)
      map {'quote': $p:families?quote ! (. || '[p | lg | l | ab]'),
           'inline': ($p:families?inline, $p:families?quote ! (. || '[not(p | lg | l | ab)]'))},
      (: an XML example is written in the TEI's examples namespace :)
      map {'xml-example': ('egXML', 'Q{http://www.tei-c.org/ns/Examples}egXML')}
    ), map {'duplicates': 'use-last'})"/>
  <!-- A pattern of the union of branches, nested in halves, '(a | … | m) | (n | … | z)':
       Saxon takes time quadratic in the branches of one union to compile it (0.4 s for 400
       names, 0.02 s nested), and every output has several of these. -->
  <xsl:variable name="p:union" static="yes" as="function(xs:string*) as xs:string" select="
      let $nest := function($branches as xs:string*, $nest as function(*)) as xs:string {
            if (count($branches) le 8) then string-join($branches, ' | ')
            else let $half := count($branches) idiv 2
                 return '(' || $nest(subsequence($branches, 1, $half), $nest) || ') | ('
                        || $nest(subsequence($branches, $half + 1), $nest) || ')'}
      return function($branches as xs:string*) as xs:string {$nest($branches, $nest)}"/>
  <xsl:variable name="p:match" static="yes" as="map(xs:string, xs:string)" select="
      map:merge(for $behaviour in map:keys($p:branches)
                return map {$behaviour: $p:union(sort($p:branches($behaviour)))})"/>

  <!-- The behaviour of an element: from the map for TEI elements (with block quotations told
       from inline ones, and an element of no behaviour holding paragraphs or speeches read as
       a section); anything else is 'unknown'.  What is not an element (the document node
       above a root element, asked of as its parent) has none: 'none'. -->
  <xsl:function name="p:behaviour" as="xs:string">
    <xsl:param name="e" as="node()?"/>
    <xsl:variable name="b" select="(if (not($e instance of element())) then 'none'
                                    else if (namespace-uri($e) eq 'http://www.tei-c.org/ns/1.0')
                                    then $p:behaviours(local-name($e))
                                    else if ($e/self::Q{http://www.tei-c.org/ns/Examples}egXML)
                                    then 'xml-example' else (), 'unknown')[1]"/>
    <xsl:sequence select="if ($b = 'quote' and not($e/(p | lg | l | ab))) then 'inline'
                          else if ($b = 'unknown' and $e/(p | lg | l | ab | sp)) then 'section'
                          else $b"/>
  </xsl:function>

  <!-- Elements of the text that no behaviour covers, by name (for the 'unknown' warning): a
       name TEI does not define, or an element of another namespace — but for MathML in a
       formula and the examples of an egXML, which are rendered as what they are. -->
  <xsl:function name="p:unknown-elements" as="xs:string*">
    <xsl:param name="root" as="node()"/>
    <!-- Only elements the map does not name can be unknown: their names are found first,
         cheaply (the distinct names of the document, then those the map lacks). -->
    <xsl:variable name="names" select="distinct-values($root//*!node-name())
        [not(map:contains($p:behaviours, local-name-from-QName(.))
             and namespace-uri-from-QName(.) eq 'http://www.tei-c.org/ns/1.0')]"/>
    <xsl:variable name="unnamed" select="if (exists($names)) then $root//*[node-name() = $names]
                                         else ()"/>
    <xsl:sequence select="distinct-values($unnamed[not(ancestor-or-self::teiHeader)]
        [not(ancestor::*[p:behaviour(.) = ('formula', 'xml-example')])]
        [p:behaviour(.) = 'unknown'] ! name())"/>
  </xsl:function>

  <!-- The page each node stands on: the last pb before it, or the implied first page. -->
  <xsl:accumulator name="p:page" as="xs:string?" initial-value="()">
    <xsl:accumulator-rule match="biblScope[@unit = 'page'][ancestor::sourceDesc]"
                          select="if ($value) then $value else string(@from)"/>
    <xsl:accumulator-rule match="pb[not(ancestor::note)]" select="string(@n)"/>
  </xsl:accumulator>
  <!-- Whether the document has pages at all: an element the accumulator's rules match.
       Without one (born-digital texts, most plays), every node's page is none and the
       accumulator, which visits every node of the document, need not be worked out. -->
  <xsl:variable name="p:paged" as="xs:boolean" select="exists(//pb[not(ancestor::note)]
      | //biblScope[@unit = 'page'][ancestor::sourceDesc])"/>

  <!-- How many notes of the text (those p:notes lists) start at or before each node: at a
       note, its position among them.  Counted in one pass: counting the notes before each
       note again took time quadratic in the notes (3 s for 2,000 notes without numbers). -->
  <xsl:accumulator name="p:notes-so-far" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="note[not(ancestor::teiHeader | ancestor::standOff)]"
                          select="$value + 1"/>
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
    <xsl:variable name="speaker" select="$sp/speaker[1]"/>
    <xsl:sequence select="if ($speaker) then normalize-space($speaker)
        else let $ids := p:who($sp)
             return normalize-space((key('p:person', $ids, root($sp))/(persName | name)[1],
                                     $ids)[1])"/>
  </xsl:function>

  <!-- A note's number as printed, else its position among the notes. -->
  <xsl:function name="p:note-number" as="xs:string">
    <xsl:param name="note" as="element()"/>
    <xsl:sequence select="($note/@n[normalize-space()]/string(),
        string($note/accumulator-before('p:notes-so-far')))[1]"/>
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
  <xsl:template _match="{string-join(('note', 'speaker', 'page', 'gap', 'deletion',
                                      'generated', 'graphic') ! $p:match(.), ' | ')}"
                mode="p:reading"/>
  <!-- MathML's annotations (other notations of a formula) are not its text. -->
  <xsl:template match="m:annotation | m:annotation-xml" mode="p:reading"/>
  <!-- Of a variant reading, read the lemma. -->
  <xsl:template _match="{$p:match?apparatus}" mode="p:reading">
    <xsl:apply-templates select="p:lemma(.)" mode="#current"/>
  </xsl:template>
  <xsl:template _match="{$p:match?break}" mode="p:reading">
    <xsl:sequence select="'&#10;'"/>
  </xsl:template>
  <!-- Of a choice, read the corrected/regularised/expanded alternative. -->
  <xsl:template _match="{$p:match?choice}" mode="p:reading">
    <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
  </xsl:template>
  <!-- Anything else: its text, unless it is of the parts not read (the header's, metadata).
       (Omitted elements are asked for here, not matched by name: with some 220 names, such
       a rule is much of the time a stylesheet takes to compile, and few are ever visited.) -->
  <xsl:template match="*" mode="p:reading">
    <xsl:if test="p:behaviour(.) ne 'omit'"><xsl:apply-templates mode="#current"/></xsl:if>
  </xsl:template>

  <!-- Whether an element read as a block (standing among blocks, or the root of a fragment)
       is read as itself rather than as all it holds: a choice shows one alternative, an
       apparatus entry its lemma. -->
  <xsl:function name="p:reads-itself" as="xs:boolean">
    <xsl:param name="e" as="node()"/>
    <xsl:sequence select="p:behaviour($e) = ('apparatus', 'choice')"/>
  </xsl:function>

  <!-- The alternative of a choice that the reading text shows. -->
  <xsl:function name="p:chosen" as="element()?">
    <xsl:param name="choice" as="element()"/>
    <xsl:sequence select="($choice/(corr | reg | expan), $choice/*)[1]"/>
  </xsl:function>

  <!-- A text without the layout white space at its ends (pretty-printed sources).  Most texts
       have none, or one space at the end (verse lines): their ends are looked at, and only
       other texts are walked one character at a time from each end.  No regular expression
       runs over the text (on every block of a document, or a long paragraph, that costs time
       and copies). -->
  <xsl:function name="p:trim" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:variable name="length" select="string-length($text)"/>
    <xsl:variable name="starts-with-space" select="p:is-space(substring($text, 1, 1))"/>
    <xsl:choose>
      <xsl:when test="not($starts-with-space or p:is-space(substring($text, $length, 1)))">
        <xsl:sequence select="$text"/>
      </xsl:when>
      <xsl:when test="not($starts-with-space or p:is-space(substring($text, $length - 1, 1)))">
        <xsl:sequence select="substring($text, 1, $length - 1)"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="first" select="p:first-non-space($text, 1)"/>
        <xsl:sequence select="substring($text, $first,
                              p:last-non-space($text, $length, $first) - $first + 1)"/>
      </xsl:otherwise>
    </xsl:choose>
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

  <!-- Whether a one-character string is white space (XML's four space characters; the
       empty string too). -->
  <xsl:function name="p:is-space" as="xs:boolean">
    <xsl:param name="char" as="xs:string"/>
    <xsl:sequence select="not(normalize-space($char))"/>
  </xsl:function>

  <!-- A text node with pretty-printing line breaks folded to one space: each run of white
       space holding a line break becomes one space (a text without line breaks is returned as
       it is).  No regular expression: Saxon's were most of the rendering of such texts. -->
  <xsl:function name="p:flow" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="if (not(contains($text, '&#10;'))) then $text
                          else if (not(normalize-space($text))) then ' '
                          else p:fold-lines(tokenize($text, '&#10;'))"/>
  </xsl:function>

  <!-- The text of an element that holds text alone (no element): its text nodes, line breaks
       folded, as every output's walk over its pieces would read it, at once.  Without a line
       break there is nothing to fold: its string value is that text. -->
  <xsl:function name="p:flowed-text" as="xs:string">
    <xsl:param name="e" as="node()"/>
    <xsl:variable name="text" select="string($e)"/>
    <xsl:sequence select="if (contains($text, '&#10;')) then string-join($e/text() ! p:flow(.))
                          else $text"/>
  </xsl:function>

  <!-- The lines of a text joined again, each run of white space around their breaks one
       space: the first line without its trailing space, the last without its leading space,
       those between without either (a blank one is part of the run). -->
  <xsl:function name="p:fold-lines" as="xs:string">
    <xsl:param name="lines" as="xs:string+"/>
    <xsl:variable name="first" select="p:trim-end(head($lines))"/>
    <xsl:variable name="last" select="p:trim-start($lines[last()])"/>
    <xsl:sequence select="(if ($first) then '' else ' ')
        || string-join(($first, $lines[position() gt 1 and position() lt last()] ! p:trim(.),
                        $last)[.], ' ')
        || (if ($last) then '' else ' ')"/>
  </xsl:function>

  <!-- A text without the white space at its start, and at its end. -->
  <xsl:function name="p:trim-start" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="substring($text, p:first-non-space($text, 1))"/>
  </xsl:function>
  <xsl:function name="p:trim-end" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:sequence select="substring($text, 1, p:last-non-space($text, string-length($text), 1))"/>
  </xsl:function>
</xsl:stylesheet>
