"""The Chinese edition of a trainer's re-run (重新运行的中文版): ``rerun --lang zh`` runs the
Chinese notebooks with ``lang = "zh"``, names those not translated yet, prints its own
messages, refusals and problem lists in Chinese and writes ``index.html`` in Chinese (data
values escaped), while ``summary.json`` keeps English keys. README.zh.md's parameter table
and worked example are what the command does.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import cleaning
from helpers.datasets import load_tables
from helpers.i18n import tr
from helpers.params import DATA_OPTIONS, PARAMETERS
from helpers.paths import DATASETS_DIR, KERNEL_NAME, NOTEBOOKS_DIR, REPO_ROOT
from helpers.schema import Problem
from helpers.tooling import rerun as rerun_module
from helpers.tooling.catalog import not_in_edition
from helpers.tooling.cli import main as cli_main
from helpers.tooling.failures import format_problems, problem_line, shorten
from helpers.tooling.folders import FolderRefused, check_output_folder, write_marker
from helpers.tooling.i18n.quality import is_english
from helpers.tooling.index_page import cleaning_words, data_summary, money, write_index
from helpers.tooling.rerun import parameter_keys, parameter_table, rerun_parameters, run_language
from helpers.tooling.runner import NotebookResult, display_name

SMALL = "course:seed=3,customers=60"
#: the Chinese course map: a translated notebook of the edition, quick to run
ZH_COURSE_MAP = NOTEBOOKS_DIR / "zh" / "00_course_map.ipynb"
README_ZH = (REPO_ROOT / "README.zh.md").read_text(encoding="utf-8")
CJK = re.compile(r"[\u4e00-\u9fff]")


def has_chinese(text: str) -> bool:
    return bool(CJK.search(text))


def run_cli(argv, capsys) -> tuple[int, str, str]:
    code = cli_main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


# --- one real Chinese re-run ------------------------------------------------------------------


@pytest.fixture(scope="module")
def chinese_run(tmp_path_factory):
    """``rerun SMALL --out OUT --lang zh`` through the command line, on the Chinese course
    map: (out folder, exit code, printed text, the keyword arguments the notebook list was
    asked for)."""
    out = tmp_path_factory.mktemp("zh-run") / "reports"
    asked: list[dict] = []

    def chinese_notebooks(**kwargs):
        asked.append(kwargs)
        return [ZH_COURSE_MAP]

    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(printed):
        patch.setattr(rerun_module, "course_notebooks", chinese_notebooks)
        code = cli_main(["rerun", SMALL, "--out", str(out), "--lang", "zh", "--jobs", "1"])
    return out, code, printed.getvalue(), asked


def test_rerun_lang_zh_asks_for_the_chinese_edition_with_the_gallery(chinese_run):
    _, code, _, asked = chinese_run
    assert code == 0
    assert asked == [{"include_gallery": True, "lang": "zh"}]


def test_the_notebooks_run_with_lang_zh(chinese_run):
    out = chinese_run[0]
    executed = nbformat.read(out / "notebooks" / "zh" / "00_course_map.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert 'lang = "zh"' in injected[0].source
    assert f'data_source = "{SMALL}"' in injected[0].source


def test_the_command_says_in_chinese_what_it_analyses_and_leaves_out(chinese_run):
    out, _, printed, _ = chinese_run
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert (
        f"数据：{summary['order_lines']:,} 条订单行，{summary['customers']:,} 位客户，"
        f"{summary['first_order']} 至 {summary['last_order']}，销售额 "
        f"{money(summary['revenue_cents'])}（" in printed
    )
    assert f"分析基准日 {summary['as_of']}" in printed
    left_out = not_in_edition("zh", include_solutions=True, include_gallery=True)
    if left_out:
        line = next(x for x in printed.splitlines() if x.startswith("以下笔记本尚未翻译成中文"))
        assert line.endswith("、".join(display_name(p) for p in left_out))
    assert f"报告索引：{out / 'index.html'}" in printed


def test_the_index_page_is_chinese(chinese_run):
    out = chinese_run[0]
    page = (out / "index.html").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert '<html lang="zh-CN">' in page
    assert f"<h1>课程重新运行报告：{SMALL}</h1>" in page
    assert "<p>1 个笔记本中，1 个完整运行完毕。</p>" in page
    cleaning_heading = "数据清洗删除或修改了哪些订单行，原因是什么"
    for heading in ("报告", "分析的数据", cleaning_heading, "本次运行的参数"):
        assert f"<h2>{heading}</h2>" in page
    assert "<th>笔记本</th><th>状态</th><th>用时（秒）</th><th>问题</th>" in page
    assert '<span class="ok">完成</span>' in page
    assert f"<td>客户数</td><td>{summary['customers']:,}</td>" in page
    assert f"<td>订单数</td><td>{summary['orders']:,}</td>" in page
    first_last = f"{summary['first_order']} 至 {summary['last_order']}"
    assert f"<td>第一笔和最后一笔订单</td><td>{first_last}</td>" in page
    has_cost = "是" if summary["has_cost"] else "否"
    assert f"<td>是否有成本数据（利润分析需要）</td><td>{has_cost}</td>" in page
    assert money(summary["revenue_cents"]) in page and "万）" in page
    read_kept = f"共读取 {summary['rows_in']:,} 条订单行，保留 {summary['rows_out']:,} 条。"
    assert read_kept in page
    for english in (
        "Reports", "The data analysed", "Parameters of the run", "ran to the end",
        "order lines analysed", "as-of date", "What cleaning", ">ok<", "Course re-run",
    ):  # fmt: skip
        assert english not in page
    left_out = not_in_edition("zh", include_solutions=True, include_gallery=True)
    if left_out:
        assert '<p class="note">以下笔记本尚未翻译成中文，本次没有运行：' in page


def test_summary_json_keeps_english_keys(chinese_run):
    out = chinese_run[0]
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert {"order_lines", "customers", "revenue_cents", "notebooks", "parameters"} <= set(summary)
    assert summary["parameters"] == {"data_source": SMALL, "lang": "zh"}
    assert summary["notebooks"] == [
        {**summary["notebooks"][0], "notebook": "notebooks/zh/00_course_map.ipynb", "status": "ok"}
    ]
    assert summary["customers"] == 60


# --- the language of a run --------------------------------------------------------------------


def test_lang_comes_from_the_option_then_the_parameter_file(tmp_path):
    params = tmp_path / "params.yaml"
    params.write_text("lang: zh\n", encoding="utf-8")
    assert run_language(None, params) == "zh"
    assert run_language("en", params) == "en"
    assert run_language(None, None) == "en"
    assert rerun_parameters(SMALL, params=params)["lang"] == "zh"
    assert rerun_parameters(SMALL, params=params, lang="en")["lang"] == "en"
    # the English edition is unchanged: no lang parameter unless one is given
    assert rerun_parameters(SMALL) == {"data_source": SMALL}
    # a parameter file that cannot be read leaves the language to the run's own report
    bad = tmp_path / "bad.yaml"
    bad.write_text("lang: fr\n", encoding="utf-8")
    assert run_language(None, bad) == "en"


def test_the_parameter_file_lang_makes_the_messages_chinese(tmp_path, capsys):
    params = tmp_path / "params.yaml"
    params.write_text("lang: zh\nas_of: 2001-01-01\n", encoding="utf-8")
    code, out, err = run_cli(["rerun", SMALL, "--out", tmp_path / "r", "--params", params], capsys)
    assert code == 2
    assert out.startswith("数据暂时无法使用，没有运行任何笔记本。发现的问题：\n- 错误：")
    assert "2001-01-01" in out
    no_traceback(out + err)
    assert not (tmp_path / "r").exists()


# --- refusals and problem lists in Chinese ----------------------------------------------------


def test_unusable_data_is_a_chinese_problem_list_and_nothing_runs(tmp_path, capsys):
    orders = pd.read_csv(DATASETS_DIR / "course" / "orders.csv.gz").head(40)
    orders["order_date"] = orders["order_date"].astype(str)
    orders.loc[5, "order_date"] = "not a date"
    data = tmp_path / "bad.csv"
    orders.to_csv(data, index=False)
    code, out, err = run_cli(["rerun", data, "--out", tmp_path / "r", "--lang", "zh"], capsys)
    assert code == 2
    heading, *lines = out.strip().splitlines()
    assert heading == "数据暂时无法使用，没有运行任何笔记本。发现的问题："
    assert lines[0].startswith("- 错误：") and "order_date" in out
    no_traceback(out + err)
    assert not (tmp_path / "r").exists() and not (tmp_path / "r.partial").exists()


def test_a_folder_that_is_not_ours_is_refused_in_chinese(tmp_path, capsys):
    out = tmp_path / "reports"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    code, printed, err = run_cli(["rerun", SMALL, "--out", out, "--lang", "zh", "--force"], capsys)
    assert code == 2
    assert err.startswith("命令已停止：\n")
    assert (
        f"- 错误：--out 已经存在，而且不是课程运行写出的文件夹（{out}）。解决办法：为报告选择一个"
        "新的文件夹，或者把这个文件夹移走" in err
    )
    no_traceback(printed + err)
    assert (out / "notes.txt").read_text() == "mine"
    # the same refusal in English without --lang
    code, _, err = run_cli(["rerun", SMALL, "--out", out, "--force"], capsys)
    assert code == 2 and "- error: --out already exists and was not written by a course run" in err


def test_the_home_folder_is_refused_in_chinese(capsys):
    code, _, err = run_cli(["rerun", SMALL, "--out", Path.home(), "--lang", "zh"], capsys)
    assert code == 2 and f"- 错误：--out 是你的主文件夹（{Path.home().resolve()}）。" in err


def folder_situations(tmp_path: Path) -> dict[str, tuple[Path, dict]]:
    """Output folders a run must refuse, each with the options it is given."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "orders.csv").write_text("x")
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    write_marker(earlier, {"files": {}})
    interrupted = tmp_path / "interrupted"
    (tmp_path / "interrupted.partial").mkdir()
    write_marker(tmp_path / "interrupted.partial", {"key": "k", "finished": {}})
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    return {
        "the data": (data, {"data": [data]}),
        "inside the data": (data / "reports", {"data": [data]}),
        "the repository": (REPO_ROOT / "reports", {}),
        "an earlier run without --force": (earlier, {}),
        "an interrupted run": (interrupted, {}),
        "a file": (a_file, {}),
    }


@pytest.mark.parametrize(
    "situation",
    ["the data", "inside the data", "the repository", "an earlier run without --force",
     "an interrupted run", "a file"],
)  # fmt: skip
def test_every_folder_refusal_has_a_chinese_reason_and_fix(tmp_path, situation):
    out, options = folder_situations(tmp_path)[situation]
    refused = {}
    for lang in ("en", "zh"):
        with pytest.raises(FolderRefused) as caught:
            check_output_folder(out, lang=lang, **options)
        refused[lang] = caught.value.problem
    english, chinese = refused["en"], refused["zh"]
    assert not has_chinese(english.what + english.fix)
    assert has_chinese(chinese.what) and has_chinese(chinese.fix)
    assert (chinese.code, chinese.where) == (english.code, english.where)


def test_problem_lines_in_both_languages():
    where_fix = [("orders.csv", "export it again"), ("orders.csv", ""), ("", "export it"), ("", "")]
    for where, fix in where_fix:
        problem = Problem("error", "x", "no rows", where, fix)
        assert problem_line(problem) == problem.line  # English: exactly as before
    zh = [problem_line(Problem("error", "x", "no rows", w, f), "zh") for w, f in where_fix]
    assert zh == [
        "错误：no rows（orders.csv）。解决办法：export it again",
        "错误：no rows（orders.csv）。",
        "错误：no rows。解决办法：export it",
        "错误：no rows。",
    ]
    listing = format_problems(
        [Problem("warning", "w", "late"), Problem("error", "e", "empty")], lang="zh"
    )
    assert listing == "命令已停止：\n- 错误：empty。\n- 警告：late。"
    assert shorten("x" * 1000, 10, "zh") == "xxxxxxxxxx……（另有 990 个字符）"


def test_an_unexpected_failure_is_explained_in_chinese(tmp_path, capsys, monkeypatch):
    def boom(parameters):
        raise RuntimeError("x" * 5_000)

    monkeypatch.setattr(rerun_module, "check_run_data", boom)
    code, _, err = run_cli(["rerun", SMALL, "--out", tmp_path / "r", "--lang", "zh"], capsys)
    assert code == 2
    assert "- 错误：意外错误 RuntimeError：" in err and "另有" in err
    assert "这是课程本身的错误，不是你的数据有问题；加上 CUSTOMER_COURSE_DEBUG=1" in err
    no_traceback(err)


# --- the Chinese index page: every word Chinese, every value escaped --------------------------


def tiny_results(folder: Path) -> list[NotebookResult]:
    page = folder / "notebooks" / "zh" / "01_data_collection.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("<p>report</p>")
    return [
        NotebookResult("notebooks/zh/01_data_collection.ipynb", "ok", 2.5, page, page),
        NotebookResult("solutions/zh/00_warm_up.ipynb", "failed", 1.0, page, None,
                       "cell 3: KeyError <script>alert('xss-err')</script>"),
    ]  # fmt: skip


HOSTILE = "<img src=x onerror=alert('xss')>"


def test_the_chinese_index_translates_and_escapes(tmp_path):
    summary = data_summary(load_tables("course:seed=3,customers=40"))
    summary["source"] = f"co{HOSTILE}"
    summary["revenue_cents"] = 123_456_789
    summary["rows_in"], summary["rows_out"] = 120, 100
    summary["cleaning"] = [
        {"reason": "cancellation", "action": "dropped", "rows": 9, "revenue": 1234.5},
        {"reason": "return", "action": "dropped", "rows": 11, "revenue": -20_000.0},
        {"reason": "exact duplicate (kept)", "action": "flagged", "rows": 1, "revenue": 3.0},
        {"reason": f"a rule {HOSTILE}", "action": "changed", "rows": 2, "revenue": 8.0},
        {"reason": cleaning.DERIVED_ORDER_ID, "action": "derived", "rows": 7, "revenue": 9.0},
    ]
    warning = Problem("warning", "survey_match", f"few {HOSTILE}", "survey <svg onload=x>",
                      "check the ids")  # fmt: skip
    page = write_index(
        tmp_path, tiny_results(tmp_path), title=tr("Course re-run", "zh", domain="reports"),
        summary=summary, problems=[warning], parameters={"lang": "zh", "x": HOSTILE},
        notes=[f"note {HOSTILE}"], lang="zh",
    ).read_text(encoding="utf-8")  # fmt: skip
    for raw in ("<img", "<svg", "<script"):
        assert raw not in page
    assert "<h1>课程重新运行报告：co&lt;img src=x onerror=alert(&#x27;xss&#x27;)&gt;</h1>" in page
    assert "<p>2 个笔记本中，1 个完整运行完毕。</p>" in page
    assert '<span class="failed">失败</span>' in page and '<span class="ok">完成</span>' in page
    assert "<strong>警告：</strong>few &lt;img" in page
    assert "<p>位置：survey &lt;svg onload=x&gt;</p><p>解决办法：check the ids</p>" in page
    assert page.index('class="box warning"') < page.index("<h2>报告</h2>")
    assert '<p class="note">note &lt;img' in page
    assert "<td>销售额</td><td>1,234,567.89（123.5万）</td>" in page
    assert "<p>共读取 120 条订单行，保留 100 条。</p>" in page
    assert '<tr><td>删除</td><td>取消的订单</td><td class="num">9</td>' in page
    returns = '<td>退货</td><td class="num">11</td><td class="num">-20,000.00（-2万）'
    assert f"<td>删除</td>{returns}" in page
    assert "<td>标记</td><td>完全重复的行（已保留）</td>" in page
    assert "<td>修改</td><td>a rule &lt;img" in page  # a reason without words: as written
    assert "<h2>推导出的数据</h2>" in page
    assert "<td>推导出订单号：每位客户每天算一个订单</td>" in page
    record = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert record["cleaning"][0]["reason"] == "cancellation"  # summary.json stays English
    assert record["problems"][0]["what"] == f"few {HOSTILE}"


def test_no_order_before_the_as_of_date_is_said_in_chinese():
    from helpers.schema import DataError

    tables = load_tables("course:seed=3,customers=40")
    with pytest.raises(DataError, match="没有一条订单行的日期早于分析基准日 2001-01-01"):
        data_summary(tables, as_of="2001-01-01", lang="zh")
    with pytest.raises(DataError, match="no order line is dated before the as-of date 2001"):
        data_summary(tables, as_of="2001-01-01")


def test_the_english_index_is_unchanged_by_default(tmp_path):
    summary = data_summary(load_tables("course:seed=3,customers=40"))
    page = write_index(tmp_path, tiny_results(tmp_path), summary=summary).read_text("utf-8")
    assert '<html lang="en">' in page
    assert "<h1>Course re-run: course:seed=3,customers=40</h1>" in page
    assert "1 of 2 notebooks ran to the end." in page
    assert '<span class="failed">failed</span>' in page and not has_chinese(page)


def test_every_cleaning_reason_and_action_has_chinese_words(tmp_path):
    words = cleaning_words("zh")
    known = set(cleaning.REASON_SWITCH)
    known |= {cleaning.DERIVED_ORDER_ID, cleaning.DERIVED_COST, cleaning.DERIVED_REVENUE}
    known |= {"dropped", "changed", "flagged", "derived"}
    # and every reason the cleaning of real-looking exports gives
    raw = DATASETS_DIR / "raw_export" / "orders_2025-10_11_gbk.csv"
    reports = [load_tables(raw, options={"cancellation_prefix": "C"}).cleaning]
    log = tmp_path / "log.csv"
    log.write_text(
        "customer_id,order_date,quantity,revenue,profit\n"
        ' c1 ,2024-01-02,1,"1,000.5",3\nC1,2024/01/03,2,20,4\nc2,2024-01-03,0,5,1\n',
        encoding="utf-8",
    )
    reports.append(load_tables(log).cleaning)
    found = {v for r in reports for v in (*r.summary["reason"], *r.summary["action"])}
    assert len(found) > 6
    known |= found
    assert sorted(known - set(words)) == []
    for english in known:
        assert has_chinese(words[english]) and words[english] != english, english
    assert cleaning_words("en") == {k: k for k in words}


# --- README.zh.md -----------------------------------------------------------------------------


def test_the_parameter_table_in_chinese_is_the_readmes():
    table = parameter_table("zh")
    assert table in README_ZH, "regenerate with: python3 tasks.py parameters --markdown --lang zh"
    rows = [line.strip("|").split("|") for line in table.splitlines()[2:]]
    keys = [r[0].strip().strip("`") for r in rows]
    assert keys == list(PARAMETERS) + list(DATA_OPTIONS)
    english = parameter_keys()
    for (key, kind, default, meaning), (_, _, default_en, meaning_en) in zip(
        parameter_keys("zh"), english, strict=True
    ):
        assert default == default_en and kind in ("参数", "数据选项")
        assert meaning != meaning_en and has_chinese(meaning) and not is_english(meaning), key


def test_the_parameters_command_speaks_chinese(capsys):
    assert cli_main(["parameters", "--lang", "zh"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [k for k, *_ in parameter_keys()]
    assert lines[0].endswith("（参数）") and lines[-1].endswith("（数据选项）")


def readme_example() -> tuple[dict[str, str], list[str], str]:
    """The files, the command and the text of README.zh.md's worked example."""
    start = README_ZH.index("### 示例：中文表头的 ERP 导出")
    end = README_ZH.find("\n## ", start)
    text = README_ZH[start:end]
    files = dict(re.findall(r"^`([\w.-]+)`[^`\n]*?：\n\n```\n(.*?)```", text, flags=re.M | re.S))
    line = next(x for x in text.splitlines() if x.startswith("python3 tasks.py rerun"))
    return files, shlex.split(line)[2:], text


def quick_notebook(folder: Path) -> Path:
    """A one-cell notebook on the course kernel with a parameters cell."""
    cell = nbformat.v4.new_code_cell('data_source = "course"\nlang = "en"')
    cell.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_code_cell("x = 1")])
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "x", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "01_quick.ipynb")
    return folder / "01_quick.ipynb"


def test_the_readme_example_gives_what_the_readme_says(tmp_path, monkeypatch, capsys):
    files, argv, text = readme_example()
    assert set(files) == {"erp-orders.csv", "erp-params.yaml"}
    assert argv[0] == "rerun" and argv[argv.index("--lang") + 1] == "zh"
    home = tmp_path / "home"
    (home / "data").mkdir(parents=True)
    # saved as a Chinese Excel saves a CSV: GBK
    (home / "data" / "erp-orders.csv").write_bytes(files["erp-orders.csv"].encode("gbk"))
    (home / "data" / "erp-params.yaml").write_text(files["erp-params.yaml"], encoding="utf-8")
    argv = [a.replace("~", str(home), 1) if a.startswith("~") else a for a in argv]
    notebook = quick_notebook(tmp_path / "nbs")
    monkeypatch.setattr(rerun_module, "course_notebooks", lambda **kw: [notebook])
    assert cli_main([*argv, "--jobs", "1"]) == 0
    capsys.readouterr()
    out = home / "reports" / "erp"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    page = (out / "index.html").read_text(encoding="utf-8")
    facts = (summary["order_lines"], summary["orders"], summary["customers"])
    assert facts == (6, 5, 4)
    assert "纳入分析的订单行 6 条、订单 5 个、客户 4 位" in text
    assert (summary["first_order"], summary["last_order"]) == ("2024-03-05", "2024-05-30")
    assert "2024-03-05 到 2024-05-30" in text
    assert money(summary["revenue_cents"]) == "20,406.00" and "销售额 20,406.00" in text
    assert '<td>删除</td><td>退货</td><td class="num">1</td>' in page
    assert "“删除 / 退货”" in text
    assert summary["rows_in"] == 8 and "12.5%" in text
    returns = [p for p in summary["problems"] if "'return'" in p["what"]]
    # problems are written in the run's language; their codes stay the same
    assert len(returns) == 1 and "删除了 8 个订单行中的 1 个（12.5%）" in returns[0]["what"]
    assert "cleaning: {returns: keep}" in returns[0]["fix"]
    assert "`cleaning: {returns: keep}`" in text
    assert summary["lines_from_as_of"] == 1 and summary["has_cost"]
    assert "<td>分析基准日当天及之后的订单行（未纳入分析）</td><td>1</td>" in page


def test_the_readme_commands_parse():
    from helpers.tooling.cli import build_parser

    found = re.findall(r"`(python3 tasks\.py [^`]+)`", README_ZH)
    commands = sorted({c for c in found if not c.endswith(("...", "--help"))})
    assert "python3 tasks.py course --lang zh" in commands and len(commands) > 10
    for command in commands:
        # placeholders (OUT_DIR, FILE) stand for a value
        words = ["x" if w.isupper() else w for w in shlex.split(command)[2:]]
        args, extra = build_parser().parse_known_args(words)
        assert not extra or args.command in ("test", "lab"), command
    usage = next(x for x in README_ZH.splitlines() if x.startswith("python3 tasks.py rerun DATA"))
    words = [w for w in shlex.split(usage)[2:] if not w.startswith("[") and not w.endswith("]")]
    assert build_parser().parse_args(["x" if w == "DATA" else w for w in words]).lang == "zh"


def test_course_lang_zh_writes_a_chinese_index(tmp_path, capsys):
    out = tmp_path / "course"
    argv = ["course", "--lang", "zh", "--lessons-only", "--only", "00_course_map", "--out", out]
    code, _, _ = run_cli([*argv, "--jobs", "1"], capsys)
    assert code == 0
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "<h1>课程运行报告：course</h1>" in page
    assert '<a href="notebooks/zh/00_course_map.html">' in page
    assert '<span class="ok">完成</span>' in page and "<td>客户数</td><td>2,000</td>" in page
