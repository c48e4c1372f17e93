<?xml version="1.0" encoding="UTF-8"?>
<!--
  schematron/expand.xsl: instantiate abstract patterns (is-a + param: the parameters are
  filled in the pattern's rules and in the diagnostics and properties its asserts name, whose
  filled-in copies the instance keeps) and abstract rules (extends/@rule), then drop the
  abstract definitions.  The schema was checked first (checks.py): every is-a and extends
  names what it should.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:sch="http://purl.oclc.org/dsdl/schematron"
    xmlns:p="urn:x-tei-pipeline"
    exclude-result-prefixes="#all">

  <xsl:mode name="p:expand" on-no-match="shallow-copy"/>
  <xsl:key name="p:abstract-pattern" match="sch:pattern[@abstract = 'true']" use="@id"/>
  <xsl:key name="p:abstract-rule" match="sch:rule[@abstract = 'true']" use="@id"/>

  <!-- Run the step on a whole schema. -->
  <xsl:template match="/">
    <xsl:apply-templates select="." mode="p:expand"/>
  </xsl:template>

  <!-- Remove abstract patterns and rules from the output. -->
  <xsl:template match="sch:pattern[@abstract = 'true'] | sch:rule[@abstract = 'true']"
                mode="p:expand"/>

  <!-- Instantiate an abstract pattern: its content with every $param replaced (in attributes
       and in message text). -->
  <xsl:template match="sch:pattern[@is-a]" mode="p:expand">
    <xsl:variable name="abstract" select="key('p:abstract-pattern', @is-a)"/>
    <xsl:if test="empty($abstract)">
      <xsl:message terminate="yes" error-code="p:schematron-abstract-pattern"
                   select="'no abstract pattern with id ' || @is-a"/>
    </xsl:if>
    <xsl:variable name="asserts" select="$abstract//(sch:assert | sch:report)"/>
    <xsl:variable name="params" select="sch:param"/>
    <sch:pattern>
      <xsl:sequence select="@* except (@is-a, @abstract)"/>
      <xsl:apply-templates select="$abstract/node()" mode="p:instantiate">
        <xsl:with-param name="params" tunnel="yes" select="$params"/>
      </xsl:apply-templates>
      <xsl:for-each select="map{'diagnostic': 'diagnostics', 'property': 'properties'}
                            => map:for-each(function($kind, $plural) { [$kind, $plural] })"
                    xmlns:map="http://www.w3.org/2005/xpath-functions/map">
        <xsl:variable name="kind" select="?1"/>
        <xsl:variable name="plural" select="?2"/>
        <xsl:variable name="named" select="distinct-values($asserts/@*[local-name() = $plural]
                                           /tokenize(.))"/>
        <xsl:variable name="definitions" select="root($abstract)/sch:schema/*[local-name() =
            $plural]/*[local-name() = $kind][@id = $named]"/>
        <xsl:if test="$definitions">
          <xsl:element name="sch:{$plural}">
            <xsl:apply-templates select="$definitions" mode="p:instantiate">
              <xsl:with-param name="params" tunnel="yes" select="$params"/>
            </xsl:apply-templates>
          </xsl:element>
        </xsl:if>
      </xsl:for-each>
    </sch:pattern>
  </xsl:template>

  <!-- Instantiate an abstract rule in place of the extends that names it. -->
  <xsl:template match="sch:extends[@rule]" mode="p:expand p:instantiate">
    <xsl:apply-templates select="key('p:abstract-rule', @rule)/node()" mode="#current"/>
  </xsl:template>

  <xsl:template match="@*" mode="p:instantiate">
    <xsl:param name="params" as="element(sch:param)*" tunnel="yes"/>
    <xsl:attribute name="{name()}" namespace="{namespace-uri()}"
                   select="p:replace-params(., $params)"/>
  </xsl:template>
  <xsl:template match="node()" mode="p:instantiate">
    <xsl:copy><xsl:apply-templates select="@* | node()" mode="#current"/></xsl:copy>
  </xsl:template>
  <xsl:template match="text()" mode="p:instantiate">
    <xsl:param name="params" as="element(sch:param)*" tunnel="yes"/>
    <xsl:value-of select="p:replace-params(., $params)"/>
  </xsl:template>

  <!-- Replace $name by the parameter's value, longest names first so $ab is not cut by $a. -->
  <xsl:function name="p:replace-params" as="xs:string">
    <xsl:param name="text" as="xs:string"/>
    <xsl:param name="params" as="element(sch:param)*"/>
    <xsl:variable name="sorted" as="element(sch:param)*">
      <xsl:perform-sort select="$params">
        <xsl:sort select="string-length(@name)" order="descending"/>
      </xsl:perform-sort>
    </xsl:variable>
    <xsl:sequence select="fold-left($sorted, $text, function($t, $param) {
        replace($t, '\$' || $param/@name || '([^\w.\-]|$)',
                replace($param/@value, '([$\\])', '\\$1') || '$1')
      })"/>
  </xsl:function>
</xsl:stylesheet>
