// The playground's copy of the platform's sanitising (display.md): bleach
// 5.0.1's clean() with the platform's tags and attributes, then &amp; back
// into &. The table's expected values were printed by Debian's bleach 5.0.1;
// the differential test compares with bleach itself on generated markup when
// python3-bleach is installed (scripts/test.sh installs it as root).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { allowedHref, platformText, sanitize } from "../src/cli/playground/sanitize.ts";

/** [input, what bleach.clean(input, tags=TAGS, attributes=ATTRIBUTES) gave, &amp; turned into &]. */
const BLEACH: [string, string][] = [
  [
    "<script>x</script> <b>ok</b> <p>para</p>",
    "&lt;script&gt;x&lt;/script&gt; <b>ok</b> &lt;p&gt;para&lt;/p&gt;",
  ],
  ["a < b > c & d &amp; e &lt; f &amp;lt; g", "a &lt; b &gt; c & d & e &lt; f &lt; g"],
  ["<b>bold", "<b>bold</b>"],
  ["</b>x", "x"],
  ["<b><i>x</b>y</i>z", "<b><i>x</i></b><i>y</i>z"],
  [
    '<a href="javascript:alert(1)" onclick="x" target="_self" title="t">l</a>',
    '<a title="t">l</a>',
  ],
  [
    '<a href="http://x?a=1&amp;b=2&c=3" target="_blank">l</a>',
    '<a href="http://x?a=1&b=2&c=3" target="_blank">l</a>',
  ],
  ["<A HREF=x>y</A>", '<a href="x">y</a>'],
  ["<ul><li>1<li>2</ul>", "<ul><li>1</li><li>2</li></ul>"],
  ["<b>1<ul><li>2</b>3</ul>4", "<b>1</b><ul><b></b><li><b>2</b>3</li></ul>4"],
  ["<!-- c -->x<!doctype html>y<?php z ?>w", "xyw"],
  ["</3>a</ b>c", "&lt;/3&gt;ac"],
  ["<b", "&lt;b"],
  ["x</b", "x&lt;b"],
  ['x<b class="y', "x"],
  ['<script src="x', ""],
  ["<br/>a</br>b<br class=x>", "<br>a<br>b<br>"],
  ["<a title='a\"b'>x</a>", "<a title='a\"b'>x</a>"],
  ['<a title="a<b>c">x</a>', '<a title="a&lt;b>c">x</a>'],
  ["a\u0001b\u0000c\r\nd\re", "a?bc\nd\ne"],
  ['<a href="java&#115;cript:x">y</a>', "<a>y</a>"],
  ['<a href="java&nbsp;script:x">y</a>', "<a>y</a>"],
  ['<a href="javascript&colon;x">y</a>', '<a href="javascript&colon;x">y</a>'],
  ['<a href="#top">t</a>', '<a href="#top">t</a>'],
  ['<a href="/rel">r</a>', '<a href="/rel">r</a>'],
  ["<scr<script>ipt>", "&lt;scr&lt;script&gt;ipt&gt;"],
  ["<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"],
  ["<a><a>x</a></a>", "<a></a><a>x</a>"],
  ["<b><b><b><b>x", "<b><b><b><b>x</b></b></b></b>"],
  ["<em>a<blockquote>b</em>c</blockquote>d", "<em>a</em><blockquote><em>b</em>c</blockquote>d"],
  ["<textarea><b>x</b></textarea>", "&lt;textarea&gt;<b>x</b>&lt;/textarea&gt;"],
  ["<SCRIPT>x</SCRIPT>", "&lt;SCRIPT&gt;x&lt;/SCRIPT&gt;"],
  ['<b\tclass="x">y</b>', "<b>y</b>"],
  ["<li>a</li>b</li>", "<li>a</li>b"],
  ['<abbr title="t" x=1>A</abbr></abbr>', '<abbr title="t">A</abbr>'],
  ["&#60;b&#62; &am; &amp &unknown;", "&#60;b&#62; &am; &amp &unknown;"],
  ["<code><b>x</code>y", "<code><b>x</b></code><b>y</b>"],
  ['<a href="mailto:a@b">m</a>', '<a href="mailto:a@b">m</a>'],
  ['<a href="ftp://x">f</a>', "<a>f</a>"],
  ['<a href="data:text/html,x">d</a>', "<a>d</a>"],
  ['<b x="1" x="2">y</b>', "<b>y</b>"],
  ["<ol><ul><li>x</ol>y", "<ol><ul><li>x</li></ul></ol>y"],
  ["a</ul>b</blockquote>c", "abc"],
  [
    '<i>1<b>2<a href="h">3</i>4</b>5</a>6',
    '<i>1<b>2<a href="h">3</a></b></i><b><a href="h">4</a></b><a href="h">5</a>6',
  ],
  ["<div><b>x</div>y", "&lt;div&gt;<b>x&lt;/div&gt;y</b>"],
  ['<a target="_top" href=x>y</a>', '<a target="_top" href="x">y</a>'],
  ['<a target="_BLANK">y</a>', "<a>y</a>"],
  ["<b<i>x", "&lt;b&lt;i&gt;x"],
  ["<!--x--!>y<!--->z", "yz"],
  ["<b class=1><b class=1><b class=1><b class=1>x", "<b><b><b><b>x</b></b></b></b>"],
  ["<a href=1><b><li>x</a>y", '<a href="1"><b></b></a><b><li><a href="1">x</a>y</li></b>'],
];

/** The platform's settings, as display.md gives them, run by Python's bleach. */
const ORACLE = `
import bleach, json, sys
TAGS = ["a", "abbr", "acronym", "b", "blockquote", "code", "em", "i", "li", "ol", "strong", "ul", "br"]
def a(tag, name, value):
    return name in ("href", "title") or (name == "target" and value in ("_blank", "_top"))
ATTRIBUTES = {"a": a, "abbr": ["title"], "acronym": ["title"]}
def clean(value):
    return bleach.clean(value, tags=TAGS, attributes=ATTRIBUTES).replace("&amp;", "&") if value else value
print(json.dumps([clean(value) for value in json.load(sys.stdin)]))
`;

function python(): string | undefined {
  for (const candidate of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(candidate, [
      "-c",
      "import bleach; assert bleach.__version__.startswith('5.')",
    ], { timeout: 60_000 });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

/** A reproducible generator of markup soup: the allowed tags, others, attributes, entities, comments. */
function soup(seed: number, count: number): string[] {
  const parts = [
    "<b>",
    "</b>",
    "<i>",
    "</i>",
    "<em>",
    "</em>",
    "<strong>",
    "</strong>",
    "<code>",
    "</code>",
    '<a href="http://x">',
    "<a href='javascript:x'>",
    "<a>",
    "</a>",
    "<ul>",
    "</ul>",
    "<ol>",
    "</ol>",
    "<li>",
    "</li>",
    "<blockquote>",
    "</blockquote>",
    "<br>",
    "</br>",
    "<br/>",
    "<abbr title=t>",
    "</abbr>",
    "<acronym>",
    "</acronym>",
    "<p>",
    "</p>",
    "<div>",
    "</div>",
    "<script>",
    "</script>",
    "<img src=x onerror=y>",
    "<!-- c -->",
    "<!x>",
    "<?p?>",
    "</3>",
    "</ b>",
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "&nbsp;",
    "x",
    "yz",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\x01",
    "\x00",
    '"',
    "'",
    "=",
    "<B>",
    "<A HREF=y TARGET=_blank>",
    '<a target=_top title="a\'b">',
    "<b class=c>",
    "<i\nid=1>",
    '<a href="java&#115;cript:x">',
    "<a href=' http://x '>",
    '<a href="#top">',
    '<a href="x:80">',
    "<textarea>",
    "é",
    "ﬁ",
    "<x-y>",
    "</x>",
    "<b",
    '<a href="x',
    "<!--",
    "-->",
    "--!>",
    "<!DOCTYPE a>",
  ];
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  return Array.from(
    { length: count },
    () =>
      Array.from(
        { length: 1 + Math.floor(next() * 12) },
        () => parts[Math.floor(next() * parts.length)]!,
      )
        .join(""),
  );
}

describe("sanitize()", () => {
  test("sanitize() gives what the platform's bleach gives, for each case of the table", () => {
    for (const [input, expected] of BLEACH) {
      assert.equal(sanitize(input).html, expected, JSON.stringify(input));
    }
  });

  const interpreter = python();
  test(
    "sanitize() gives what the platform's bleach gives, for 3000 generated texts",
    {
      skip: interpreter
        ? false
        : "python3-bleach is missing: run 'apt-get install python3-bleach' as root, then 'bash scripts/test.sh'",
    },
    () => {
      const inputs = soup(20261201, 3000);
      const run = spawnSync(interpreter!, ["-c", ORACLE], {
        input: JSON.stringify(inputs),
        maxBuffer: 64 * 1024 * 1024,
        timeout: 60_000,
      });
      assert.equal(run.status, 0, String(run.stderr));
      const expected = JSON.parse(String(run.stdout)) as string[];
      const differ = inputs.filter((input, i) => sanitize(input).html !== expected[i]);
      assert.deepEqual(differ.slice(0, 5), [], `${differ.length} of ${inputs.length} differ`);
    },
  );

  test("sanitize() leaves an empty text as it is, and plain text without changes", () => {
    assert.deepEqual(sanitize(""), { html: "", changes: [] });
    assert.deepEqual(sanitize("Bonjour & merci, 3 < 4"), {
      html: "Bonjour & merci, 3 &lt; 4",
      changes: [],
    });
    assert.deepEqual(sanitize("<b>Every</b> <em>Monday</em>").changes, []);
  });

  test("sanitize() says what it escaped, dropped and removed, for the warning beside the text", () => {
    const result = sanitize(
      '<script>alert("x")</script><p>hi</p><a href="javascript:x" onclick="y">l</a><!-- c -->\x01',
    );
    assert.deepEqual(result.changes, [
      'The platform escapes "<script>", "</script>", "<p>", "</p>": the end user sees it as text',
      'The platform drops the attribute "onclick on <a>"',
      'The platform drops the link "javascript:x": only http, https and mailto links are kept',
      "The platform removes a comment",
      "The platform replaces control characters with ?",
    ]);
    assert.equal(
      result.html,
      '&lt;script&gt;alert("x")&lt;/script&gt;&lt;p&gt;hi&lt;/p&gt;<a>l</a>?',
    );
  });

  test("platformText() normalises (NFKC) before sanitising: a full-width < is escaped too", () => {
    assert.equal(platformText("ﬁne ２").html, "fine 2");
    assert.equal(platformText("＜script＞").html, "&lt;script&gt;");
    assert.deepEqual(platformText("＜script＞").changes, [
      'The platform escapes "<script>": the end user sees it as text',
    ]);
  });

  test("allowedHref() keeps http, https, mailto, anchors and relative links, and nothing else", () => {
    for (
      const href of ["http://x", "HTTPS://x", " https://x ", "mailto:a@b", "#top", "/a", "x:80"]
    ) {
      assert.equal(allowedHref(href), true, href);
    }
    for (
      const href of [
        "javascript:x",
        "java\tscript:x",
        "&#106;avascript:x",
        "data:x",
        "ftp://x",
        "http://[x",
      ]
    ) {
      assert.equal(allowedHref(href), false, href);
    }
  });
});
