<?xml version="1.0" encoding="UTF-8"?>
<!--
  render-site.xsl: a published volume's own pages, from the volume pipeline/site.py assembles
  (<p:volume> of chapters, documents, and the people and terms with the documents that mention
  them): the home page (table of contents by chapter, filterable by date, kind and person),
  the people page and the terms page.  They share the document pages' layout (html/layout.xsl).
  $p.page says which page: home, persons or terms.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">
  <xsl:include href="html/layout.xsl"/>
  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"
              include-content-type="no"/>

  <xsl:param name="p.page" as="xs:string" select="'home'"/>
  <!-- Whether the site has a search index (pagefind/, made by Pagefind). -->
  <xsl:param name="p.search" as="xs:boolean" select="false()"/>
  <xsl:key name="p:document" match="p:document" use="@name"/>
  <xsl:key name="p:entity" match="p:entity" use="@id"/>

  <xsl:template match="/p:volume">
    <xsl:call-template name="p:page">
      <xsl:with-param name="title" select="p:page-title(.)"/>
      <xsl:with-param name="css" select="$p:css || $p:site-css"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:function name="p:page-title" as="xs:string">
    <xsl:param name="volume" as="element(p:volume)"/>
    <xsl:sequence select="map {'home': string($volume/@title),
        'persons': 'People — ' || $volume/@title, 'terms': 'Terms — ' || $volume/@title}($p.page)"/>
  </xsl:function>

  <xsl:template match="p:volume" mode="p:page-header">
    <nav class="breadcrumb" aria-label="Site">
      <ol>
        <li><a href="index.html"><xsl:value-of select="@title"/></a></li>
        <li><a href="persons.html">People</a></li>
        <li><a href="terms.html">Terms</a></li>
      </ol>
    </nav>
    <h1><xsl:value-of select="p:page-title(.)"/></h1>
  </xsl:template>

  <xsl:template match="p:volume" mode="p:page-main">
    <xsl:apply-templates select="." mode="p:site-page"/>
  </xsl:template>

  <!-- The home page: every document by chapter; a form filters and orders the list (with
       JavaScript; without it the list is simply all of them, in volume order). -->
  <xsl:template match="p:volume" mode="p:site-page">
    <xsl:if test="$p.page = 'home'">
      <p><xsl:value-of select="count(p:chapter/p:document)"/> documents.</p>
      <xsl:if test="$p.search">
        <section id="search" class="search" aria-label="Search the volume"/>
        <script><xsl:value-of select="$p:search-script"/></script>
      </xsl:if>
      <form class="filters" hidden="" aria-label="Filter the documents">
        <label>From <input type="date" name="from"/></label>
        <label>To <input type="date" name="to"/></label>
        <label>Kind <select name="kind"><option value="">any</option>
          <xsl:for-each select="distinct-values(p:chapter/p:document/@kind[normalize-space()])">
            <xsl:sort select="."/>
            <option><xsl:value-of select="."/></option>
          </xsl:for-each>
        </select></label>
        <label>Person <select name="person"><option value="">anyone</option>
          <xsl:for-each select="p:entity[@kind = 'person']">
            <xsl:sort select="@name"/>
            <option value="{@id}"><xsl:value-of select="@name"/></option>
          </xsl:for-each>
        </select></label>
        <label>Order <select name="order"><option value="number">volume order</option>
          <option value="date">date</option><option value="title">title</option>
        </select></label>
        <output name="shown" aria-live="polite"></output>
      </form>
      <xsl:apply-templates select="p:chapter" mode="p:contents"/>
      <script><xsl:value-of select="$p:filter-script"/></script>
    </xsl:if>
    <xsl:if test="$p.page = ('persons', 'terms')">
      <xsl:variable name="entities" select="p:entity[if ($p.page = 'persons')
                                            then @kind = 'person' else @kind != 'person']"/>
      <xsl:choose>
        <xsl:when test="empty($entities)">
          <p>No document of this volume mentions any.</p>
        </xsl:when>
        <xsl:otherwise>
          <dl class="entities">
            <xsl:for-each select="$entities">
              <xsl:sort select="lower-case(@name)"/>
              <xsl:apply-templates select="." mode="p:contents"/>
            </xsl:for-each>
          </dl>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
  </xsl:template>

  <xsl:template match="p:chapter" mode="p:contents">
    <section class="chapter" id="{@id}">
      <xsl:if test="@title"><h2><xsl:value-of select="@title"/></h2></xsl:if>
      <ol class="contents">
        <xsl:for-each select="p:document">
          <li data-date="{@date}" data-kind="{@kind}" data-persons="{@persons}"
              data-order="{position()}">
            <a href="{@href}"><xsl:value-of select="p:document-label(.)"/></a>
            <xsl:if test="normalize-space(@date)">
              <span class="date"><xsl:value-of select="substring(@date, 1, 10)"/></span>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ol>
    </section>
  </xsl:template>

  <!-- A person or term: what it is, and every document (and paragraph) that mentions it. -->
  <xsl:template match="p:entity" mode="p:contents">
    <dt id="{@id}"><xsl:value-of select="@name"/></dt>
    <dd>
      <xsl:if test="normalize-space(@description)">
        <p><xsl:value-of select="@description"/></p>
      </xsl:if>
      <ul>
        <xsl:for-each select="p:mention">
          <xsl:variable name="document" select="key('p:document', @document)"/>
          <li>
            <a href="{$document/@href}"><xsl:value-of select="p:document-label($document)"/></a>
            <xsl:if test="p:paragraph">
              <xsl:value-of select="if (count(p:paragraph) gt 1) then ', paragraphs '
                                    else ', paragraph '"/>
              <xsl:for-each select="p:paragraph">
                <xsl:if test="position() gt 1">, </xsl:if>
                <a href="{$document/@href}#{@anchor}"
                   aria-label="paragraph {@n} of {p:document-label($document)}">
                  <xsl:value-of select="@n"/></a>
              </xsl:for-each>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </dd>
  </xsl:template>

  <xsl:function name="p:document-label" as="xs:string">
    <xsl:param name="document" as="element(p:document)"/>
    <xsl:sequence select="string-join(($document/@number[normalize-space()] ! (. || '.'),
                                       $document/@title), ' ')"/>
  </xsl:function>

  <!-- Loads Pagefind's search box (its files are in pagefind/ when the site has an index). -->
  <xsl:variable name="p:search-script" as="xs:string"><![CDATA[
(function () {
  var style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "pagefind/pagefind-ui.css";
  document.head.appendChild(style);
  var script = document.createElement("script");
  script.src = "pagefind/pagefind-ui.js";
  script.onload = function () {
    new PagefindUI({ element: "#search", showSubResults: true, showImages: false });
    // Pagefind's box is labelled by its placeholder only: name it for assistive technology.
    (function label(tries) {
      var input = document.querySelector("#search input");
      if (input) { input.setAttribute("aria-label", "Search the volume"); }
      else if (tries > 0) { requestAnimationFrame(function () { label(tries - 1); }); }
    })(60);
  };
  document.head.appendChild(script);
})();
]]></xsl:variable>

  <!-- Filters the contents by date, kind and person, and orders each chapter's list by
       volume order, date or title; shows the form it needs. -->
  <xsl:variable name="p:filter-script" as="xs:string"><![CDATA[
(function () {
  var form = document.querySelector("form.filters");
  if (!form) { return; }
  form.hidden = false;
  var items = Array.prototype.slice.call(document.querySelectorAll("ol.contents li"));
  function update() {
    var from = form.elements.from.value, to = form.elements.to.value;
    var kind = form.elements.kind.value, person = form.elements.person.value, shown = 0;
    items.forEach(function (li) {
      var date = li.dataset.date, keep = (!from || (date && date >= from)) &&
        (!to || (date && date.slice(0, 10) <= to)) && (!kind || li.dataset.kind === kind) &&
        (!person || (" " + li.dataset.persons + " ").indexOf(" " + person + " ") >= 0);
      li.hidden = !keep;
      if (keep) { shown += 1; }
    });
    form.elements.shown.value = shown + " of " + items.length + " documents";
    var order = form.elements.order.value;
    Array.prototype.forEach.call(document.querySelectorAll("ol.contents"), function (list) {
      var entries = Array.prototype.slice.call(list.children);
      function key(entry) {
        return order === "date" ? entry.dataset.date || "~"
          : order === "title" ? entry.querySelector("a").textContent.replace(/^\d+\.\s*/, "")
          : Number(entry.dataset.order);
      }
      entries.sort(function (a, b) {
        var x = key(a), y = key(b);
        return x < y ? -1 : x > y ? 1 : Number(a.dataset.order) - Number(b.dataset.order);
      });
      entries.forEach(function (entry) { list.appendChild(entry); });
    });
  }
  form.addEventListener("input", update);
  update();
})();
]]></xsl:variable>
</xsl:stylesheet>
