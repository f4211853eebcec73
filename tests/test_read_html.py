"""Web pages: encodings, the article among portal chrome, page metadata, tables."""

from __future__ import annotations

from gik_lint.read import read_bytes

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某区教育局2022年政府信息公开工作年度报告_某区人民政府门户网站</title>
<meta name="PubDate" content="2023-01-30 10:12">
<style>.x{color:red}</style><script>var nav = "一、总体情况";</script></head>
<body>
<div class="header"><a href="/">某区人民政府门户网站</a></div>
<ul class="nav"><li><a href="/a">首页</a></li><li><a href="/b">政务公开</a></li><li><a href="/c">办事服务</a></li></ul>
<div class="position">您当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
<table width="1000"><tr><td class="left"><a href="/x">相关链接一</a><br><a href="/y">相关链接二</a></td><td>
<div class="title"><h1>某区教育局2022年政府信息公开工作年度报告</h1></div>
<div class="info">发布时间：2023-01-28 来源：某区教育局 浏览次数：</div>
<div id="zoom">
<p>　　本报告依据《中华人民共和国政府信息公开条例》编制。</p>
<p><strong>一、总体情况</strong></p>
<p>　　2022年，我局主动公开政府信息<span>356</span>条，&ldquo;双减&rdquo;相关信息42条。</p>
<p><strong>二、主动公开政府信息情况</strong></p>
<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>
<tr><td>行政规范性文件</td><td>2</td><td>0</td><td>11</td></tr></table>
</div>
<div class="share">分享到：微信 微博</div>
</td></tr></table>
<div class="footer">版权所有：某区人民政府 ICP备12345678号</div>
</body></html>
"""


def doc():
    return read_bytes(PAGE.encode("gb18030"), "page.html")


def test_encoding_from_meta():
    assert doc().encoding == "gb18030"


def test_article_without_portal_chrome():
    texts = [b.text for b in doc().blocks]
    assert texts == [
        "某区教育局2022年政府信息公开工作年度报告",
        "本报告依据《中华人民共和国政府信息公开条例》编制。",
        "一、总体情况",
        "2022年，我局主动公开政府信息356条，“双减”相关信息42条。",
        "二、主动公开政府信息情况",
    ]


def test_page_metadata():
    meta = doc().meta
    assert meta["published"] == "2023-01-30"  # the CMS meta tag comes first
    assert meta["source"] == "某区教育局"
    assert meta["title"] == "某区教育局2022年政府信息公开工作年度报告"


def test_published_from_the_page_text_when_no_meta_tag():
    page = PAGE.replace('<meta name="PubDate" content="2023-01-30 10:12">', "")
    assert read_bytes(page.encode("utf-8"), "p.html").meta["published"] == "2023-01-28"


def test_table_with_spans_and_blank_cells():
    (table,) = doc().tables
    grid = [[c.text if c else None for c in row] for row in table.grid()]
    assert grid == [
        ["第二十条第（一）项", None, None, None],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "", "", ""],  # &nbsp; is blank, not zero
        ["行政规范性文件", "2", "0", "11"],
    ]


def test_positions_are_in_the_page_source():
    source = PAGE.split("\n")
    d = doc()
    heading = next(b for b in d.blocks if b.text == "一、总体情况")
    line, column = heading.line, heading.column
    assert source[line - 1][column - 1 :].startswith("一、总体情况")
    para = next(b for b in d.blocks if b.text.startswith("2022年"))
    pos = para.at(para.text.index("356"))  # text in a nested <span>
    assert source[pos.line - 1][pos.column - 1 :].startswith("356")
    cell = d.tables[0].grid()[3][0]
    assert source[cell.position.line - 1][cell.position.column - 1 :].startswith("行政规范性文件")


def test_undeclared_gbk_page_and_wrong_declaration():
    plain = PAGE.replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
    assert read_bytes(plain.encode("gbk"), "p.html").encoding == "gb18030"
    lying = PAGE.replace("charset=gb2312", "charset=utf-8")
    d = read_bytes(lying.encode("gbk"), "p.html")  # says UTF-8, is GBK: strict decoding finds out
    assert d.encoding == "gb18030" and d.blocks[0].text == "某区教育局2022年政府信息公开工作年度报告"
