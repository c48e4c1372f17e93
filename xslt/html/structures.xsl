<?xml version="1.0" encoding="UTF-8"?>
<!-- html/structures.xsl: the structures beyond running text: tables, figures and images,
     formulas (MathML), code and XML examples, records (manuscripts, bibliographic records,
     people and places), variant readings, transcription (additions, deletions), corpora and
     generated tables of contents. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:m="http://www.w3.org/1998/Math/MathML"
    xmlns:p="urn:x-tei-pipeline"
    xpath-default-namespace="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="#all">

  <!-- A table: its heading as caption, its rows; label rows and cells are header cells. -->
  <xsl:template _match="{$p:match?table}" mode="p:html">
    <div class="table-wrap">
      <table class="table">
        <xsl:sequence select="p:html-id(.)"/>
        <xsl:if test="*[p:behaviour(.) = 'heading']">
          <caption>
            <xsl:apply-templates select="*[p:behaviour(.) = 'heading'][1]/node()"
                                 mode="#current"/>
          </caption>
        </xsl:if>
        <!-- The label rows the table starts with are its head. -->
        <xsl:variable name="rows" select="*[p:behaviour(.) = 'row']"/>
        <xsl:variable name="head" select="$rows[@role = 'label']
            [not(preceding-sibling::*[p:behaviour(.) = 'row'][not(@role = 'label')])]"/>
        <xsl:if test="exists($head)">
          <thead><xsl:apply-templates select="$head" mode="#current"/></thead>
        </xsl:if>
        <tbody>
          <xsl:apply-templates select="$rows except $head" mode="#current"/>
        </tbody>
      </table>
    </div>
  </xsl:template>
  <xsl:template _match="{$p:match?row}" mode="p:html">
    <tr><xsl:apply-templates select="*[p:behaviour(.) = 'cell']" mode="#current"/></tr>
  </xsl:template>
  <xsl:template _match="{$p:match?cell}" mode="p:html">
    <xsl:variable name="label" select="(@role, ../@role) = 'label'"/>
    <xsl:element name="{if ($label) then 'th' else 'td'}">
      <xsl:if test="$label">
        <xsl:attribute name="scope" select="if (../@role = 'label') then 'col' else 'row'"/>
      </xsl:if>
      <xsl:if test="@rows castable as xs:positiveInteger and xs:integer(@rows) gt 1">
        <xsl:attribute name="rowspan" select="xs:integer(@rows)"/>
      </xsl:if>
      <xsl:if test="@cols castable as xs:positiveInteger and xs:integer(@cols) gt 1">
        <xsl:attribute name="colspan" select="xs:integer(@cols)"/>
      </xsl:if>
      <xsl:apply-templates mode="#current"/>
    </xsl:element>
  </xsl:template>

  <!-- A figure: its images, its heading as caption, its other content. -->
  <xsl:template _match="{$p:match?figure}" mode="p:html">
    <figure class="figure">
      <xsl:sequence select="p:html-id(.)"/>
      <xsl:apply-templates select="p:content(.) except *[p:behaviour(.) = 'heading']"
                           mode="#current"/>
      <xsl:if test="*[p:behaviour(.) = 'heading']">
        <figcaption>
          <xsl:apply-templates select="*[p:behaviour(.) = 'heading']/node()" mode="#current"/>
        </figcaption>
      </xsl:if>
    </figure>
  </xsl:template>
  <!-- An image, described by its figure's figDesc; an address a page may not use (a local
       path, file:, a script) is not linked: the description stands in its place. -->
  <xsl:template _match="{$p:match?graphic}" mode="p:html">
    <xsl:variable name="url" select="p:safe-url(@url)"/>
    <xsl:variable name="alt" select="p:image-description(.)"/>
    <xsl:choose>
      <xsl:when test="exists($url)">
        <img class="graphic" src="{$url}" alt="{$alt}" loading="lazy">
          <xsl:if test="@width[matches(., '^\d+(px)?$')]">
            <xsl:attribute name="width" select="replace(@width, 'px', '')"/>
          </xsl:if>
        </img>
      </xsl:when>
      <xsl:otherwise>
        <span class="graphic-missing">[<xsl:value-of select="($alt[.], 'image')[1]"/>]</span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A formula: MathML as MathML (nothing in it that could link or run), else its text. -->
  <xsl:template _match="{$p:match?formula}" mode="p:html">
    <span class="formula">
      <xsl:apply-templates mode="#current"/>
    </span>
  </xsl:template>
  <xsl:template match="m:*" mode="p:html" priority="20">
    <xsl:if test="not(self::m:annotation-xml)">
      <xsl:element name="{local-name()}" namespace="http://www.w3.org/1998/Math/MathML">
        <xsl:copy-of select="@*[local-name() = $p:mathml-attributes][not(namespace-uri())]"/>
        <xsl:apply-templates mode="#current"/>
      </xsl:element>
    </xsl:if>
  </xsl:template>
  <xsl:variable name="p:mathml-attributes" as="xs:string*" select="tokenize('display
      displaystyle mathvariant mathsize scriptlevel fence separator stretchy symmetric largeop
      movablelimits accent accentunder form lspace rspace linethickness notation open close
      separators columnalign rowalign columnspan rowspan columnlines rowlines frame align
      bevelled depth height width voffset dir')"/>

  <!-- Code: inline as code, blocks as preformatted code, white space kept. -->
  <xsl:template _match="{$p:match?code}" mode="p:html">
    <code class="{local-name()}"><xsl:value-of select="."/></code>
  </xsl:template>
  <xsl:template _match="{$p:match?code-block}" mode="p:html">
    <pre class="eg"><code><xsl:value-of select="p:code-text(.)"/></code></pre>
  </xsl:template>
  <!-- An XML example: its markup shown, escaped and highlighted by kind of token. -->
  <xsl:template _match="{$p:match?xml-example}" mode="p:html">
    <pre class="egXML"><code>
      <xsl:for-each select="p:xml-example(.)">
        <xsl:choose>
          <xsl:when test="?kind = 'text'"><xsl:value-of select="?text"/></xsl:when>
          <xsl:otherwise>
            <span class="xml-{?kind}"><xsl:value-of select="?text"/></span>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </code></pre>
  </xsl:template>

  <!-- A record (a manuscript's description, a bibliographic record, a person, a place): its
       phrases as labelled fields, its paragraphs and lists as they are. -->
  <xsl:template _match="{$p:match?record}" mode="p:html">
    <xsl:choose>
      <xsl:when test="p:is-prose-record(.)">
        <xsl:element name="{if (p:behaviour(..) = 'record') then 'span' else 'p'}">
          <xsl:attribute name="class" select="'record', local-name()"/>
          <xsl:sequence select="p:html-id(.)"/>
          <xsl:apply-templates mode="#current"/>
        </xsl:element>
      </xsl:when>
      <xsl:otherwise><xsl:call-template name="p:html-record"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template name="p:html-record">
    <div class="record {local-name()}">
      <xsl:sequence select="p:html-id(.)"/>
      <xsl:for-each-group select="p:content(.)" group-adjacent="p:is-field(.)">
        <xsl:choose>
          <xsl:when test="current-grouping-key()">
            <dl>
              <xsl:for-each select="current-group()">
                <div>
                  <dt><xsl:value-of select="p:field-label(.)"/></dt>
                  <dd><xsl:apply-templates select="." mode="#current"/></dd>
                </div>
              </xsl:for-each>
            </dl>
          </xsl:when>
          <xsl:otherwise>
            <xsl:apply-templates select="current-group()" mode="#current"/>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
    </div>
  </xsl:template>

  <!-- A variant reading: the lemma, and a mark linking to its entry in the apparatus. -->
  <xsl:template _match="{$p:match?apparatus}" mode="p:html">
    <xsl:variable name="id" select="p:apparatus-id(.)"/>
    <span class="app">
      <xsl:apply-templates select="p:lemma(.)/node()" mode="#current"/>
      <a class="appref" id="ref-{$id}" href="#{$id}" role="doc-noteref"
         aria-label="Variant readings {p:apparatus-mark(.)}"><xsl:value-of
         select="p:apparatus-mark(.)"/></a>
    </span>
  </xsl:template>
  <!-- A copy of rendered HTML without its ids (for what a page shows twice). -->
  <xsl:mode name="p:without-ids" on-no-match="shallow-copy"/>
  <xsl:template match="@id" mode="p:without-ids"/>
  <!-- A reading outside an apparatus entry: its text. -->
  <xsl:template _match="{$p:match?reading}" mode="p:html">
    <span class="{local-name()}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>
  <!-- The apparatus after the text: each entry's lemma and readings, linked back. -->
  <xsl:template name="p:apparatus-section">
    <xsl:variable name="entries" select="p:apparatus(.)"/>
    <xsl:if test="exists($entries)">
      <section class="apparatus" aria-labelledby="apparatus-heading">
        <h2 id="apparatus-heading">Variant readings</h2>
        <ol>
          <xsl:for-each select="$entries">
            <li id="{p:apparatus-id(.)}">
              <span class="app-mark"><xsl:value-of select="p:apparatus-mark(.)"/></span>
              <xsl:text> </xsl:text>
              <xsl:if test="p:lemma(.)">
                <!-- The lemma stands in the text too: here without the ids it has there. -->
                <xsl:variable name="lemma" as="node()*">
                  <xsl:apply-templates select="p:lemma(.)/node()" mode="p:html"/>
                </xsl:variable>
                <span class="lem">
                  <xsl:apply-templates select="$lemma" mode="p:without-ids"/></span>
                <xsl:text>] </xsl:text>
              </xsl:if>
              <xsl:for-each select="p:readings(.)">
                <xsl:if test="position() gt 1">; </xsl:if>
                <span class="rdg"><xsl:apply-templates mode="p:html"/></span>
                <xsl:if test="exists(p:witnesses(.))">
                  <xsl:text> </xsl:text>
                  <span class="wit"><xsl:value-of select="p:witnesses(.)"/></span>
                </xsl:if>
              </xsl:for-each>
              <a class="backref" href="#ref-{p:apparatus-id(.)}" role="doc-backlink"
                 aria-label="Back to variant mark {p:apparatus-mark(.)}">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Transcription: what was added, and what was struck out (shown struck out). -->
  <xsl:template _match="{$p:match?addition}" mode="p:html">
    <ins class="add"><xsl:apply-templates mode="#current"/></ins>
  </xsl:template>
  <xsl:template _match="{$p:match?deletion}" mode="p:html">
    <del class="del"><xsl:apply-templates mode="#current"/></del>
  </xsl:template>

  <!-- A choice: the corrected, regularised or expanded reading, the other one beside it for
       whoever hovers, focuses or reads aloud. -->
  <xsl:template _match="{$p:match?choice}" mode="p:html">
    <xsl:variable name="others" select="p:alternatives(.)"/>
    <span class="choice">
      <xsl:apply-templates select="p:chosen(.)" mode="#current"/>
      <xsl:if test="exists($others)">
        <span class="alternative">
          <xsl:value-of select="' (' || string-join($others ! (p:alternative-kind(.) || ': '
                                || normalize-space(p:reading-text(.))), '; ') || ')'"/>
        </span>
      </xsl:if>
    </span>
  </xsl:template>

  <!-- A corpus: its documents in order, each under its title. -->
  <xsl:template _match="{$p:match?corpus}" mode="p:html">
    <xsl:apply-templates select="p:content(.)" mode="#current"/>
  </xsl:template>
  <xsl:template _match="{string-join($p:branches?container
                                     ! (. || '[p:behaviour(..) = ''corpus'']'), ' | ')}"
                mode="p:html">
    <section class="corpus-member">
      <xsl:sequence select="p:html-id(.)"/>
      <h2><xsl:value-of select="p:title(.)"/></h2>
      <xsl:apply-templates select="p:content(.)" mode="#current"/>
    </section>
  </xsl:template>

  <!-- A generated division: a table of contents where one is asked for. -->
  <xsl:template _match="{$p:match?generated}" mode="p:html">
    <xsl:variable name="sections" select="p:toc-sections(.)"/>
    <xsl:if test="@type = ('toc', 'contents') and exists($sections)">
      <nav class="toc" aria-label="Contents">
        <ol>
          <xsl:for-each select="$sections">
            <li>
              <xsl:choose>
                <xsl:when test="@xml:id">
                  <a href="#{@xml:id}"><xsl:value-of select="p:section-title(.)"/></a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="p:section-title(.)"/></xsl:otherwise>
              </xsl:choose>
            </li>
          </xsl:for-each>
        </ol>
      </nav>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
