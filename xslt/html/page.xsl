<?xml version="1.0" encoding="UTF-8"?>
<!-- html/page.xsl: the document page around the text: metadata, participants, notes. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- Build the whole page from the document node (the shell: html/layout.xsl).  In a site
       (p.site: see html/site-nav.xsl) the page also has a breadcrumb and previous/next. -->
  <xsl:template match="/">
    <xsl:variable name="unknown" select="p:unknown-elements(.)"/>
    <xsl:if test="exists($unknown)">
      <xsl:message select="'p:unknown-elements ' || string-join($unknown, ' ')"/>
    </xsl:if>
    <xsl:variable name="title" select="p:title(.)"/>
    <xsl:variable name="document-css" select="p:document-css(.)"/>
    <xsl:call-template name="p:page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="lang" select="(/*/@xml:lang, //text/@xml:lang, 'en')[1]"/>
      <xsl:with-param name="searchable" select="boolean($p.site)"/>
      <xsl:with-param name="css" select="$p:css || (if ($p.site) then $p:site-css else '')
                                         || p:document-css-rules($document-css)"/>
      <xsl:with-param name="p:document-css" tunnel="yes" select="$document-css"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/" mode="p:page-header">
    <xsl:call-template name="p:breadcrumb"/>
    <h1><xsl:value-of select="p:title(.)"/></h1>
    <xsl:apply-templates select="/*/teiHeader" mode="p:metadata"/>
  </xsl:template>

  <!-- Whether the text lists the participants itself: then its list is where their names
       are anchored, else a section of the page lists them from the header. -->
  <xsl:variable name="p:participants-in-text" as="xs:boolean"
                select="exists(//list[@type = 'participants'][not(ancestor::teiHeader)])"/>

  <xsl:template match="/" mode="p:page-main">
    <xsl:if test="not($p:participants-in-text)">
      <xsl:apply-templates select="/*/teiHeader/profileDesc/particDesc" mode="p:participants"/>
    </xsl:if>
    <article class="document">
      <!-- A whole TEI document's text, or a fragment (a div) as it is. -->
      <xsl:apply-templates select="if (/TEI) then /TEI/text else /*" mode="p:html"/>
    </article>
    <xsl:call-template name="p:apparatus-section"/>
    <xsl:call-template name="p:notes-section"/>
    <xsl:call-template name="p:index-section"/>
    <xsl:call-template name="p:neighbours"/>
  </xsl:template>

  <!-- The header's facts as a description list; absent facts are left out. -->
  <xsl:template match="teiHeader" mode="p:metadata">
    <xsl:variable name="facts" as="element()*">
      <xsl:sequence select="p:fact('Document', fileDesc/sourceDesc/bibl/idno[@type = 'document'])"/>
      <xsl:sequence select="p:fact('Kind', $p:site?kind)"/>
      <xsl:sequence select="p:fact('Author', fileDesc/titleStmt/author)"/>
      <xsl:sequence select="p:fact('Date', profileDesc/creation/date)"/>
      <xsl:sequence select="p:fact('Place', profileDesc/creation/placeName)"/>
      <xsl:sequence select="p:fact('Meeting place', profileDesc/settingDesc/setting/placeName)"/>
      <xsl:sequence select="p:fact('Source', fileDesc/sourceDesc/msDesc/msIdentifier
                                             /string-join(*, ', '))"/>
      <xsl:sequence select="p:fact('Classification',
                                   fileDesc/sourceDesc/bibl/note[@type = 'classification'])"/>
      <xsl:for-each select="fileDesc/sourceDesc/bibl/respStmt">
        <xsl:sequence select="p:fact(p:capitalize(resp), string-join(persName, ', '))"/>
      </xsl:for-each>
      <xsl:sequence select="p:fact('Pages', fileDesc/sourceDesc/bibl/biblScope[@unit = 'page']
                                            /string-join((@from, @to), '–'))"/>
      <xsl:sequence select="p:fact('Publisher', fileDesc/publicationStmt/publisher)"/>
    </xsl:variable>
    <xsl:if test="exists($facts)">
      <dl><xsl:sequence select="$facts"/></dl>
    </xsl:if>
  </xsl:template>

  <!-- One dt/dd pair, or nothing when the value is empty. -->
  <xsl:function name="p:fact" as="element()*">
    <xsl:param name="label" as="xs:string"/>
    <xsl:param name="values" as="item()*"/>
    <xsl:variable name="text" select="string-join($values ! normalize-space(), '; ')"/>
    <xsl:if test="normalize-space($text)">
      <div><dt><xsl:value-of select="$label"/></dt><dd><xsl:value-of select="$text"/></dd></div>
    </xsl:if>
  </xsl:function>

  <!-- Participants from the header, by group, when the text prints no list of them. -->
  <xsl:template match="particDesc" mode="p:participants">
    <section class="participants" aria-labelledby="participants-heading">
      <h2 id="participants-heading">Participants</h2>
      <xsl:apply-templates select="listPerson" mode="p:participants"/>
    </section>
  </xsl:template>
  <xsl:template match="listPerson" mode="p:participants">
    <xsl:if test="head"><h3><xsl:value-of select="head"/></h3></xsl:if>
    <xsl:apply-templates select="listPerson" mode="p:participants"/>
    <xsl:if test="person | personGrp">
      <ul><xsl:apply-templates select="person | personGrp" mode="p:participants"/></ul>
    </xsl:if>
  </xsl:template>
  <xsl:template match="person | personGrp" mode="p:participants">
    <li id="person-{@xml:id}">
      <xsl:value-of select="normalize-space((persName, name, @xml:id)[1])"/>
      <xsl:for-each select="occupation">, <xsl:value-of select="normalize-space()"/></xsl:for-each>
    </li>
  </xsl:template>

</xsl:stylesheet>
