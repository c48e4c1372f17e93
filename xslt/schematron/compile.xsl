<?xml version="1.0" encoding="UTF-8"?>
<!--
  schematron/compile.xsl: the last step. Compile an included, checked, expanded and confined
  ISO Schematron schema into an XSLT 3.0 stylesheet whose output is SVRL.

  Supported: ns (xs, fn, math, map and array are declared as XSLT processors declare them),
  phases (#ALL, #DEFAULT/defaultPhase, a named phase, active patterns, phase lets),
  schema/pattern/rule lets (@value or content, typed with @as), rule order within a pattern
  (first matching rule wins), rule and assert @subject, assert and report with id, role, flag,
  see, xml:lang, diagnostics, properties, value-of, name, emph/dir/span (as text), and the XSLT
  declarations a schema may hold (function, key, named and match templates, variable, param,
  accumulator, mode, decimal-format; include/import when they were left for the processor).
  Query bindings: xslt, xslt2, xslt3, xpath2, xpath3, xpath31 (all run as XPath 3.1).

  Every instruction made from a schema element carries that element's p:src (file, line and
  column), so an error in the generated stylesheet is reported where the user wrote it.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:axsl="urn:x-tei-pipeline:alias"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:sch="http://purl.oclc.org/dsdl/schematron"
    xmlns:svrl="http://purl.oclc.org/dsdl/svrl"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">

  <xsl:namespace-alias stylesheet-prefix="axsl" result-prefix="xsl"/>

  <!-- The phase to validate: '#DEFAULT' (the schema's defaultPhase, else all), '#ALL', or an id. -->
  <xsl:param name="p.schematron.phase" as="xs:string" select="'#DEFAULT'"/>
  <!-- Whether a pattern's rules are applied to the nodes its contexts select (else every node
       is walked): off only to locate a compile error at its rule. -->
  <xsl:param name="p.schematron.select-candidates" as="xs:boolean" select="true()"/>

  <!-- Prefixes every XSLT-based Schematron processor declares, so schemas use them freely. -->
  <xsl:variable name="p:predeclared" as="map(xs:string, xs:string)" select="map{
      'xs': 'http://www.w3.org/2001/XMLSchema',
      'fn': 'http://www.w3.org/2005/xpath-functions',
      'math': 'http://www.w3.org/2005/xpath-functions/math',
      'map': 'http://www.w3.org/2005/xpath-functions/map',
      'array': 'http://www.w3.org/2005/xpath-functions/array'}"/>

  <!-- XSLT declarations a schema may hold at its top level, copied into the stylesheet. -->
  <xsl:variable name="p:declarations" as="xs:string*" select="('function', 'key', 'template',
      'variable', 'param', 'accumulator', 'mode', 'decimal-format', 'include', 'import')"/>

  <!-- Compile the schema into the validating stylesheet. -->
  <xsl:template match="/sch:schema">
    <xsl:variable name="phase" select="p:effective-phase(.)"/>
    <xsl:variable name="patterns" select="p:active-patterns(., $phase)"/>
    <axsl:stylesheet version="3.0">
      <xsl:attribute name="xml:base" select="base-uri(.)"/>
      <xsl:for-each select="map:keys($p:predeclared)[not(. = current()/sch:ns/@prefix)]"
                    xmlns:map="http://www.w3.org/2005/xpath-functions/map">
        <xsl:namespace name="{.}" select="$p:predeclared(.)"/>
      </xsl:for-each>
      <xsl:for-each select="sch:ns">
        <xsl:namespace name="{@prefix}" select="@uri"/>
      </xsl:for-each>
      <xsl:apply-templates select="xsl:import" mode="p:declaration"/>
      <axsl:mode on-no-match="shallow-skip" use-accumulators="#all"/>
      <xsl:apply-templates select="xsl:*[local-name() = $p:declarations][not(self::xsl:import)]"
                           mode="p:declaration"/>
      <xsl:call-template name="p:sandbox-functions"/>
      <xsl:apply-templates select="sch:let | sch:phase[@id = $phase]/sch:let" mode="p:global"/>
      <xsl:apply-templates select="$patterns/sch:let" mode="p:global"/>
      <!-- The report: one active-pattern element and its findings per pattern. -->
      <axsl:template match="/">
        <svrl:schematron-output phase="{$phase}">
          <xsl:copy-of select="@schemaVersion"/>
          <xsl:if test="sch:title"><xsl:attribute name="title" select="sch:title"/></xsl:if>
          <xsl:for-each select="sch:ns">
            <svrl:ns-prefix-in-attribute-values prefix="{@prefix}" uri="{@uri}"/>
          </xsl:for-each>
          <xsl:for-each select="$patterns">
            <svrl:active-pattern>
              <xsl:copy-of select="@id, @role"/>
              <xsl:if test="sch:title"><xsl:attribute name="name" select="sch:title"/></xsl:if>
            </svrl:active-pattern>
            <axsl:apply-templates select="{if (p:selects-candidates(.)) then p:candidates(.)
                                           else '/'}" mode="{p:mode(.)}"/>
          </xsl:for-each>
        </svrl:schematron-output>
      </axsl:template>
      <xsl:apply-templates select="$patterns" mode="p:compile"/>
    </axsl:stylesheet>
  </xsl:template>

  <!-- The phase in force: the parameter, with #DEFAULT resolved through @defaultPhase. -->
  <xsl:function name="p:effective-phase" as="xs:string">
    <xsl:param name="schema" as="element(sch:schema)"/>
    <xsl:sequence select="if ($p.schematron.phase = '#DEFAULT')
                          then ($schema/@defaultPhase, '#ALL')[1]
                          else $p.schematron.phase"/>
  </xsl:function>

  <!-- The patterns a phase activates (all of them for #ALL). -->
  <xsl:function name="p:active-patterns" as="element(sch:pattern)*">
    <xsl:param name="schema" as="element(sch:schema)"/>
    <xsl:param name="phase" as="xs:string"/>
    <xsl:sequence select="if ($phase = '#ALL') then $schema/sch:pattern
        else $schema/sch:pattern[@id = $schema/sch:phase[@id = $phase]/sch:active/@pattern]"/>
  </xsl:function>

  <!-- The mode name of a pattern's templates. -->
  <xsl:function name="p:mode" as="xs:string">
    <xsl:param name="pattern" as="element(sch:pattern)"/>
    <xsl:sequence select="'pattern-' || generate-id($pattern)"/>
  </xsl:function>

  <!-- What replaces what a confined schema may not read (see sandbox.py): doc-available() of
       anything is false, and document('') is the schema file that wrote it. -->
  <xsl:template name="p:sandbox-functions">
    <axsl:function name="Q{{urn:x-tei-pipeline}}doc-available" as="xs:boolean">
      <axsl:param name="uri" as="xs:string?"/>
      <axsl:sequence select="false()"/>
    </axsl:function>
    <axsl:function name="Q{{urn:x-tei-pipeline}}schema-document" as="document-node()">
      <axsl:param name="schema" as="xs:string"/>
      <axsl:param name="empty" as="item()*"/>
      <axsl:sequence select="doc($schema)"/>
    </axsl:function>
  </xsl:template>

  <!-- An XSLT declaration of the schema, copied; p:src stays on XSLT elements only (on a
       literal result element it would be output). -->
  <xsl:template match="xsl:*" mode="p:declaration">
    <xsl:copy>
      <xsl:apply-templates select="@* | node()" mode="#current"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="*" mode="p:declaration">
    <xsl:copy>
      <xsl:apply-templates select="@* except @p:src | node()" mode="#current"/>
    </xsl:copy>
  </xsl:template>
  <xsl:template match="@* | text() | comment() | processing-instruction()" mode="p:declaration">
    <xsl:copy/>
  </xsl:template>

  <!-- A schema, phase or pattern variable: a global variable. -->
  <xsl:template match="sch:let" mode="p:global">
    <axsl:variable name="{@name}">
      <xsl:call-template name="p:let-value"/>
    </axsl:variable>
  </xsl:template>
  <!-- A rule variable: a local variable in the rule's template. -->
  <xsl:template match="sch:let" mode="p:compile">
    <axsl:variable name="{@name}">
      <xsl:call-template name="p:let-value"/>
    </axsl:variable>
  </xsl:template>
  <xsl:template name="p:let-value">
    <xsl:copy-of select="@p:src"/>
    <xsl:if test="@as"><xsl:attribute name="as" select="@as"/></xsl:if>
    <xsl:choose>
      <xsl:when test="@value"><xsl:attribute name="select" select="@value"/></xsl:when>
      <xsl:otherwise>
        <xsl:apply-templates select="node()" mode="p:declaration"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A pattern: one template per rule (earlier rules win), applied to the nodes the rules'
       contexts select: a node matches a pattern P when it is one of root()//(P), so
       //(context1) | //(context2) | … are exactly the nodes some rule matches — selected by
       the processor, not found by walking every node of the document through the rules.  A
       context that depends on the node being matched (current()), or that the expression
       form would read otherwise (document-node()), makes the pattern walk the nodes its
       rules can match instead (only the elements, when no rule can match anything else). -->
  <xsl:template match="sch:pattern" mode="p:compile">
    <xsl:variable name="mode" select="p:mode(.)"/>
    <xsl:variable name="walk" select="if (p:selects-candidates(.)) then ()
                                      else if (p:elements-only(.)) then '*' else '@* | node()'"/>
    <xsl:apply-templates select="sch:rule" mode="p:compile">
      <xsl:with-param name="mode" select="$mode"/>
      <xsl:with-param name="walk" select="$walk"/>
    </xsl:apply-templates>
    <xsl:if test="exists($walk)">
      <axsl:template match="document-node() | element()" mode="{$mode}" priority="-10">
        <axsl:apply-templates select="{$walk}" mode="#current"/>
      </axsl:template>
    </xsl:if>
    <axsl:template match="@* | text() | comment() | processing-instruction()" mode="{$mode}"
                   priority="-10"/>
  </xsl:template>

  <!-- A rule: check its asserts and reports (and walk on, when the pattern walks).  (SVRL's
       fired-rule elements, one per node a rule matches, are not written: nothing reads them,
       and on a large document they are most of the report.) -->
  <xsl:template match="sch:rule" mode="p:compile">
    <xsl:param name="mode" as="xs:string"/>
    <xsl:param name="walk" as="xs:string?"/>
    <axsl:template match="{@context}" mode="{$mode}"
                   priority="{count(following-sibling::sch:rule) + 1}">
      <xsl:copy-of select="@p:src"/>
      <xsl:apply-templates select="sch:let" mode="p:compile"/>
      <xsl:apply-templates select="sch:assert | sch:report" mode="p:compile"/>
      <xsl:if test="exists($walk)">
        <axsl:apply-templates select="{$walk}" mode="#current"/>
      </xsl:if>
    </axsl:template>
  </xsl:template>

  <!-- Whether a pattern's rules are applied to the nodes their contexts select. -->
  <xsl:function name="p:selects-candidates" as="xs:boolean">
    <xsl:param name="pattern" as="element(sch:pattern)"/>
    <xsl:sequence select="$p.schematron.select-candidates and exists($pattern/sch:rule) and
        (every $context in $pattern/sch:rule/@context satisfies
         not(matches(replace($context, $p:string-literals, ''),
                     'current\s*\(|document-node\s*\(|namespace-node\s*\(')))"/>
  </xsl:function>

  <!-- The nodes a pattern's rules can match, as an expression. -->
  <xsl:function name="p:candidates" as="xs:string">
    <xsl:param name="pattern" as="element(sch:pattern)"/>
    <xsl:sequence select="string-join($pattern/sch:rule/@context ! ('//(' || . || ')'), ' | ')"/>
  </xsl:function>

  <!-- Whether every rule of a pattern matches elements (or the document node) only. -->
  <xsl:function name="p:elements-only" as="xs:boolean">
    <xsl:param name="pattern" as="element(sch:pattern)"/>
    <xsl:sequence select="every $context in $pattern/sch:rule/@context
                          satisfies p:matches-elements-only($context)"/>
  </xsl:function>

  <!-- Whether a rule context can match only elements (or the document node): each branch of
       the pattern, its predicates and strings aside, ends in an element name test.  Anything
       not recognised counts as able to match other nodes. -->
  <xsl:function name="p:matches-elements-only" as="xs:boolean">
    <xsl:param name="context" as="xs:string"/>
    <xsl:variable name="plain"
                  select="p:without-predicates(replace($context, $p:string-literals, ''))"/>
    <xsl:sequence select="every $branch in tokenize($plain, '\|') satisfies
        matches(tokenize(normalize-space($branch), '/')[last()], $p:element-step)"/>
  </xsl:function>
  <xsl:variable name="p:string-literals" as="xs:string">"[^"]*"|'[^']*'</xsl:variable>
  <xsl:variable name="p:element-step" as="xs:string"
      >^\s*((child|descendant|descendant-or-self|self)::)?(\*|\*:[\w.\-]+|[\w.\-]+:\*|[\w.\-]+(:[\w.\-]+)?|Q\{[^}]*\}[\w.\-]+|element\([^)]*\))?\s*$</xsl:variable>

  <!-- An expression without its predicates (innermost first, so nested ones go too). -->
  <xsl:function name="p:without-predicates" as="xs:string">
    <xsl:param name="expression" as="xs:string"/>
    <xsl:variable name="stripped" select="replace($expression, '\[[^\[\]]*\]', '')"/>
    <xsl:sequence select="if ($stripped eq $expression) then $expression
                          else p:without-predicates($stripped)"/>
  </xsl:function>

  <!-- An assert fails when its test is false; a report fires when its test is true. -->
  <xsl:template match="sch:assert | sch:report" mode="p:compile">
    <xsl:variable name="check" select="."/>
    <xsl:variable name="lang" select="ancestor-or-self::*[@xml:lang][1]/@xml:lang"/>
    <xsl:variable name="subject" select="(@subject, ../@subject)[1]"/>
    <xsl:variable name="result" as="element()">
      <xsl:element name="svrl:{if (self::sch:assert) then 'failed-assert'
                               else 'successful-report'}">
        <xsl:apply-templates select="@test, @id, @role, @flag, @see" mode="p:literal"/>
        <xsl:if test="empty(@role)">
          <xsl:apply-templates select="ancestor::sch:rule/@role" mode="p:literal"/>
        </xsl:if>
        <xsl:if test="$lang"><xsl:attribute name="xml:lang" select="$lang"/></xsl:if>
        <axsl:attribute name="location"
                        select="{if ($subject) then 'path((' || $subject || ')[1])'
                                 else 'path()'}"/>
        <xsl:for-each select="tokenize(@diagnostics)">
          <svrl:diagnostic-reference diagnostic="{.}">
            <svrl:text>
              <xsl:apply-templates select="p:referenced($check, ., 'diagnostic')/node()"
                                   mode="p:text"/>
            </svrl:text>
          </svrl:diagnostic-reference>
        </xsl:for-each>
        <xsl:for-each select="tokenize(@properties)">
          <xsl:variable name="property" select="p:referenced($check, ., 'property')"/>
          <svrl:property-reference property="{.}">
            <xsl:apply-templates select="$property/@role, $property/@scheme" mode="p:literal"/>
            <svrl:text><xsl:apply-templates select="$property/node()" mode="p:text"/></svrl:text>
          </svrl:property-reference>
        </xsl:for-each>
        <svrl:text><xsl:apply-templates select="node()" mode="p:text"/></svrl:text>
      </xsl:element>
    </xsl:variable>
    <!-- The test as the user wrote it (no not(…) around it), so a compile error quotes it. -->
    <xsl:choose>
      <xsl:when test="self::sch:assert">
        <axsl:choose>
          <xsl:copy-of select="@p:src"/>
          <axsl:when test="{@test}"/>
          <axsl:otherwise><xsl:sequence select="$result"/></axsl:otherwise>
        </axsl:choose>
      </xsl:when>
      <xsl:otherwise>
        <axsl:if test="{@test}">
          <xsl:copy-of select="@p:src"/>
          <xsl:sequence select="$result"/>
        </axsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The diagnostic or property an assert names: the copy an abstract pattern's instance
       made (its parameters filled in), else the schema's own. -->
  <xsl:function name="p:referenced" as="element()?">
    <xsl:param name="assert" as="element()"/>
    <xsl:param name="id" as="xs:string"/>
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="(
        $assert/ancestor::sch:pattern//*[local-name() = $kind][@id = $id],
        root($assert)/sch:schema/*/*[local-name() = $kind][@id = $id]
      )[1]"/>
  </xsl:function>

  <!-- A schema attribute copied onto a literal result element: braces doubled, since the
       generated stylesheet reads literal attributes as attribute value templates. -->
  <xsl:template match="@*" mode="p:literal">
    <xsl:attribute name="{local-name()}" select="replace(replace(., '\{', '{{'), '\}', '}}')"/>
  </xsl:template>

  <!-- Message content: text as is, value-of and name evaluated, markup reduced to text. -->
  <xsl:template match="sch:value-of" mode="p:text">
    <axsl:value-of select="{@select}">
      <xsl:copy-of select="@p:src"/>
    </axsl:value-of>
  </xsl:template>
  <xsl:template match="sch:name" mode="p:text">
    <axsl:value-of select="name({(@path, '.')[1]})">
      <xsl:copy-of select="@p:src"/>
    </axsl:value-of>
  </xsl:template>
  <xsl:template match="sch:emph | sch:dir | sch:span" mode="p:text">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
  <xsl:template match="text()" mode="p:text">
    <axsl:text><xsl:value-of select="."/></axsl:text>
  </xsl:template>
  <xsl:template match="*" mode="p:text"/>
</xsl:stylesheet>
