<?xml version="1.0" encoding="UTF-8"?>
<!--
  schematron/compile.xsl: step 3 of 3. Compile an included and expanded ISO Schematron schema
  into an XSLT 3.0 stylesheet whose output is SVRL.

  Supported: ns, phases (#ALL, #DEFAULT/defaultPhase, a named phase, active patterns, phase
  lets), schema/pattern/rule lets (@value or content), rule order within a pattern (first
  matching rule wins), assert and report with id, role, flag, see, diagnostics, properties,
  value-of, name, emph/dir/span (as text), and xsl:key/xsl:function declared in the schema.
  Query bindings: xslt, xslt2, xslt3, xpath2, xpath3, xpath31 (all run as XPath 3.1).
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

  <xsl:variable name="p:bindings" select="('xslt', 'xslt2', 'xslt3', 'xpath2', 'xpath3',
                                           'xpath31', 'xpath')"/>

  <!-- Compile the schema: check the binding and phase, then write the validating stylesheet. -->
  <xsl:template match="/sch:schema">
    <xsl:variable name="binding" select="lower-case((@queryBinding, 'xslt')[1])"/>
    <xsl:if test="not($binding = $p:bindings)">
      <xsl:message terminate="yes" error-code="p:schematron-binding"
                   select="'unsupported queryBinding ' || $binding"/>
    </xsl:if>
    <xsl:variable name="phase" select="p:effective-phase(.)"/>
    <xsl:variable name="patterns" select="p:active-patterns(., $phase)"/>
    <axsl:stylesheet version="3.0">
      <xsl:for-each select="sch:ns">
        <xsl:namespace name="{@prefix}" select="@uri"/>
      </xsl:for-each>
      <axsl:mode on-no-match="shallow-skip"/>
      <xsl:copy-of select="xsl:key | xsl:function | xsl:include | xsl:import-schema"/>
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
            <axsl:apply-templates select="/" mode="{p:mode(.)}"/>
          </xsl:for-each>
        </svrl:schematron-output>
      </axsl:template>
      <xsl:apply-templates select="$patterns" mode="p:compile"/>
    </axsl:stylesheet>
  </xsl:template>

  <xsl:template match="/*" priority="-1">
    <xsl:message terminate="yes" error-code="p:schematron-root"
                 select="'not an ISO Schematron schema: root element ' || name()"/>
  </xsl:template>

  <!-- The phase in force: the parameter, with #DEFAULT resolved through @defaultPhase. -->
  <xsl:function name="p:effective-phase" as="xs:string">
    <xsl:param name="schema" as="element(sch:schema)"/>
    <xsl:variable name="phase" select="if ($p.schematron.phase = '#DEFAULT')
                                       then ($schema/@defaultPhase, '#ALL')[1]
                                       else $p.schematron.phase"/>
    <xsl:if test="$phase ne '#ALL' and not($schema/sch:phase[@id = $phase])">
      <xsl:message terminate="yes" error-code="p:schematron-phase"
                   select="'no phase with id ' || $phase"/>
    </xsl:if>
    <xsl:sequence select="$phase"/>
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
    <xsl:choose>
      <xsl:when test="@value"><xsl:attribute name="select" select="@value"/></xsl:when>
      <xsl:otherwise><xsl:copy-of select="node()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A pattern: one template per rule (earlier rules win), and the walk over every node. -->
  <xsl:template match="sch:pattern" mode="p:compile">
    <xsl:variable name="mode" select="p:mode(.)"/>
    <xsl:apply-templates select="sch:rule" mode="p:compile">
      <xsl:with-param name="mode" select="$mode"/>
    </xsl:apply-templates>
    <axsl:template match="document-node() | element()" mode="{$mode}" priority="-10">
      <axsl:apply-templates select="@* | node()" mode="#current"/>
    </axsl:template>
    <axsl:template match="@* | text() | comment() | processing-instruction()" mode="{$mode}"
                   priority="-10"/>
  </xsl:template>

  <!-- A rule: report that it fired, check its asserts and reports, walk on. -->
  <xsl:template match="sch:rule" mode="p:compile">
    <xsl:param name="mode" as="xs:string"/>
    <axsl:template match="{@context}" mode="{$mode}"
                   priority="{count(following-sibling::sch:rule) + 1}">
      <xsl:apply-templates select="sch:let" mode="p:compile"/>
      <svrl:fired-rule>
        <xsl:apply-templates select="@context, @id, @role, @flag" mode="p:literal"/>
      </svrl:fired-rule>
      <xsl:apply-templates select="sch:assert | sch:report" mode="p:compile"/>
      <axsl:apply-templates select="@* | node()" mode="#current"/>
    </axsl:template>
  </xsl:template>

  <!-- An assert fails when its test is false; a report fires when its test is true. -->
  <xsl:template match="sch:assert | sch:report" mode="p:compile">
    <xsl:variable name="schema" select="root(.)"/>
    <axsl:if test="{if (self::sch:assert) then 'not(' || @test || ')' else @test}">
      <xsl:element name="svrl:{if (self::sch:assert) then 'failed-assert'
                               else 'successful-report'}">
        <xsl:apply-templates select="@test, @id, @role, @flag, @see" mode="p:literal"/>
        <xsl:if test="empty(@role)">
          <xsl:apply-templates select="ancestor::sch:rule/@role" mode="p:literal"/>
        </xsl:if>
        <axsl:attribute name="location" select="path()"/>
        <xsl:for-each select="tokenize(@diagnostics)">
          <xsl:variable name="diagnostic" select="$schema//sch:diagnostic[@id = current()]"/>
          <svrl:diagnostic-reference diagnostic="{.}">
            <svrl:text><xsl:apply-templates select="$diagnostic/node()" mode="p:text"/></svrl:text>
          </svrl:diagnostic-reference>
        </xsl:for-each>
        <xsl:for-each select="tokenize(@properties)">
          <xsl:variable name="property" select="$schema//sch:property[@id = current()]"/>
          <svrl:property-reference property="{.}">
            <xsl:apply-templates select="$property/@role, $property/@scheme" mode="p:literal"/>
            <svrl:text><xsl:apply-templates select="$property/node()" mode="p:text"/></svrl:text>
          </svrl:property-reference>
        </xsl:for-each>
        <svrl:text><xsl:apply-templates select="node()" mode="p:text"/></svrl:text>
      </xsl:element>
    </axsl:if>
  </xsl:template>

  <!-- A schema attribute copied onto a literal result element: braces doubled, since the
       generated stylesheet reads literal attributes as attribute value templates. -->
  <xsl:template match="@*" mode="p:literal">
    <xsl:attribute name="{local-name()}" select="replace(replace(., '\{', '{{'), '\}', '}}')"/>
  </xsl:template>

  <!-- Message content: text as is, value-of and name evaluated, markup reduced to text. -->
  <xsl:template match="sch:value-of" mode="p:text">
    <axsl:value-of select="{@select}"/>
  </xsl:template>
  <xsl:template match="sch:name" mode="p:text">
    <axsl:value-of select="name({(@path, '.')[1]})"/>
  </xsl:template>
  <xsl:template match="sch:emph | sch:dir | sch:span" mode="p:text">
    <xsl:apply-templates mode="#current"/>
  </xsl:template>
  <xsl:template match="text()" mode="p:text">
    <axsl:text><xsl:value-of select="."/></axsl:text>
  </xsl:template>
  <xsl:template match="*" mode="p:text"/>
</xsl:stylesheet>
