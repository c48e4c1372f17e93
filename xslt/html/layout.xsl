<?xml version="1.0" encoding="UTF-8"?>
<!-- html/layout.xsl: the shell every page shares (document pages, a site's home, persons and
     terms): head, skip link, header, main; and the styles. -->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">

  <!-- A page around the context node: its title, language and styles; the header's content
       is what mode p:page-header makes of the context node, the main content what mode
       p:page-main makes of it (each kind of page has its templates; modes, not parameters,
       so that the content is written once, never built and copied). -->
  <xsl:template name="p:page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="lang" as="xs:string" select="'en'"/>
    <xsl:param name="css" as="xs:string" select="$p:css"/>
    <!-- Whether a site's search (Pagefind) indexes the page's main content. -->
    <xsl:param name="searchable" as="xs:boolean" select="false()"/>
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="generator" content="tei-pipeline"/>
        <title><xsl:value-of select="$title"/></title>
        <style><xsl:value-of select="$css"/></style>
      </head>
      <body>
        <a class="skip" href="#text">Skip to the text</a>
        <header class="metadata"><xsl:apply-templates select="." mode="p:page-header"/></header>
        <main id="text">
          <xsl:if test="$searchable"><xsl:attribute name="data-pagefind-body"/></xsl:if>
          <xsl:apply-templates select="." mode="p:page-main"/>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:function name="p:capitalize" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="upper-case(substring(normalize-space($s), 1, 1))
                          || substring(normalize-space($s), 2)"/>
  </xsl:function>

  <!-- Styles: readable measure, page numbers in the margin, notes, print. -->
  <xsl:variable name="p:css" as="xs:string"><![CDATA[
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5a5a66; --accent: #0b5394; }
* { box-sizing: border-box; }
body { margin: 0; font: 1.0625rem/1.6 Georgia, "Times New Roman", serif; color: var(--ink);
       background: #fdfdfb; overflow-wrap: break-word; }
.skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: 1rem; }
header.metadata, main { max-width: 44rem; margin: 0 auto; padding: 0 1rem; }
main { position: relative; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: 1.5rem 0 1rem; }
h2, h3 { line-height: 1.3; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0 0 1.5rem;
     font: .9rem/1.4 system-ui, sans-serif; color: var(--muted); }
dl div { display: contents; } dt { font-weight: 600; } dd { margin: 0; }
a { color: var(--accent); }
.document h2 { font-size: 1.3rem; }
.dateline { text-align: right; font-style: italic; }
.sp { margin: 0 0 1rem; }
.sp > .speaker { margin: 0; font: 600 .8rem/1.4 system-ui, sans-serif; letter-spacing: .04em;
                 text-transform: uppercase; color: var(--muted); }
.sp > .speaker a { color: inherit; text-decoration: none; }
.sp > p:not(.speaker) { margin-top: .15rem; }
.stage { font-style: italic; color: var(--muted); }
.line { display: block; }
blockquote { margin: 1rem 0 1rem 1.5rem; }
.list ul { margin: .25rem 0 1rem; padding-left: 1.5rem; }
.list-head { margin: 0; font-weight: 600; }
.pb { font: .75rem/1 system-ui, sans-serif; color: var(--muted); text-decoration: none;
      white-space: nowrap; }
.pb::before { content: "["; } .pb::after { content: "]"; }
@media (min-width: 60rem) {
  .pb { position: absolute; left: -4.5rem; width: 4rem; text-align: right; }
  .pb::before, .pb::after { content: ""; }
}
.noteref { font-size: .75em; vertical-align: super; line-height: 0; }
.noteref:target, li:target { background: #fff3b0; }
.notes { border-top: 1px solid #ccc; margin-top: 2rem; font-size: .95rem; }
.notes ol { padding-left: 1.5rem; }
.backref { margin-left: .25rem; }
.rend-italic { font-style: italic; } .rend-roman { font-style: normal; }
.rend-bold { font-weight: bold; } .rend-smallcaps { font-variant: small-caps; }
.rend-sup { vertical-align: super; font-size: .8em; }
.rend-sub { vertical-align: sub; font-size: .8em; }
.rend-underline { text-decoration: underline; }
.rend-strikethrough { text-decoration: line-through; }
.rend-uppercase { text-transform: uppercase; } .rend-lowercase { text-transform: lowercase; }
.rend-large { font-size: 1.2em; } .rend-small { font-size: .85em; }
.rend-center { text-align: center; } .rend-right { text-align: right; }
.rend-left { text-align: left; } .rend-indent { text-indent: 2em; }
.rend-block { display: block; } .rend-inline { display: inline; } .rend-hidden { display: none; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table.table { border-collapse: collapse; font-size: .95rem; }
table.table caption { text-align: left; font-weight: 600; padding-bottom: .25rem; }
table.table th, table.table td { border: 1px solid #ccc; padding: .25rem .5rem;
                                 vertical-align: top; text-align: left; }
table.table th { background: #f2f2ee; }
figure { margin: 1rem 0; } figcaption { font-size: .9rem; color: var(--muted); }
img.graphic { max-width: 100%; height: auto; }
.graphic-missing { color: var(--muted); }
.choice .alternative, .visually-hidden { position: absolute; width: 1px; height: 1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.choice:hover .alternative, .choice:focus-within .alternative { position: static; width: auto;
  height: auto; clip: auto; color: var(--muted); }
.appref { font-size: .75em; vertical-align: super; line-height: 0;
          font-style: italic; }
.apparatus { border-top: 1px solid #ccc; margin-top: 2rem; font-size: .95rem; }
.apparatus ol { list-style: none; padding-left: 0; }
.app-mark { font-style: italic; } .wit { color: var(--muted); }
ins.add { text-decoration: none; border-bottom: 1px dotted var(--muted); }
.add::before { content: "⟨"; } .add::after { content: "⟩"; }
.record { margin: 0 0 1rem; } .record dl { color: inherit; margin: .25rem 0 .5rem; }
pre { overflow-x: auto; background: #f6f6f2; padding: .5rem .75rem; font-size: .875rem; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.xml-tag { color: #0b5394; } .xml-attribute { color: #7a3e00; } .xml-value { color: #2f6b1f; }
.xml-comment { color: var(--muted); font-style: italic; }
.corpus-member { border-top: 1px solid #ccc; margin-top: 2rem; }
dl.glossary { color: inherit; font: inherit; }
.mention { position: relative; color: inherit; text-decoration: underline dotted;
           text-underline-offset: .2em; }
.mention:hover::after, .mention:focus::after { content: attr(data-about); position: absolute;
  left: 0; top: 1.4em; z-index: 2; width: max-content; max-width: min(22rem, 80vw);
  padding: .25rem .5rem; font-size: .85rem; font-style: normal; font-weight: normal;
  background: #fff; color: #222; border: 1px solid #999; border-radius: 3px;
  box-shadow: 0 1px 4px rgba(0,0,0,.2); }
.index { border-top: 1px solid #ccc; margin-top: 2rem; font-size: .95rem; }
.index dl { display: block; }
.index dt { font-weight: 600; } .index dd { margin: 0 0 .5rem 1.5rem; }
.index dt:target, .index dt:target + dd { background: #fff3b0; }
@media print {
  body { background: #fff; font-size: 11pt; }
  .skip, .backref { display: none; }
  a { color: inherit; text-decoration: none; }
  .pb { position: static; }
  .pb::before { content: "[Page "; } .pb::after { content: "]"; }
  .sp, .notes li, figure, tr { break-inside: avoid; }
  .table-wrap { overflow: visible; } thead { display: table-header-group; }
  img.graphic { max-height: 90vh; }
  .choice .alternative { position: static; width: auto; height: auto; clip: auto; }
  .mention::after { content: none !important; }
}
]]></xsl:variable>

  <!-- Styles of a site's pages: breadcrumb, previous/next, contents, people and terms. -->
  <xsl:variable name="p:site-css" as="xs:string"><![CDATA[
.breadcrumb ol { list-style: none; padding: 0; margin: 1rem 0 0; display: flex;
  flex-wrap: wrap; gap: .25rem; font: .9rem/1.4 system-ui, sans-serif; }
.breadcrumb li + li::before { content: "›"; margin-right: .25rem; color: var(--muted); }
.breadcrumb a { color: var(--accent); }
.neighbours { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem;
  border-top: 1px solid #ccc; margin: 2rem 0; padding-top: 1rem;
  font: .95rem/1.4 system-ui, sans-serif; }
.neighbours a { color: var(--accent); max-width: 48%; }
.neighbours .direction { display: block; font-size: .8rem; color: var(--muted); }
.neighbours a[rel="next"] { margin-left: auto; text-align: right; }
ol.contents { padding-left: 0; list-style: none; }
ol.contents li { margin: .4rem 0; }
ol.contents a { color: var(--accent); }
ol.contents .date { display: block; font: .85rem/1.3 system-ui, sans-serif;
  color: var(--muted); }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end;
  font: .9rem/1.4 system-ui, sans-serif; margin: 1rem 0; }
form.filters label { display: flex; flex-direction: column; }
form.filters output { color: var(--muted); }
.search { margin: 1rem 0 1.5rem; }
dl.entities { display: block; }
dl.entities dt { font-weight: 600; margin-top: 1rem; }
dl.entities dt:target { background: #fff3b0; }
dl.entities dd { margin-left: 1.5rem; } dl.entities dd p { margin: .25rem 0; }
dl.entities a { color: var(--accent); }
]]></xsl:variable>
</xsl:stylesheet>
