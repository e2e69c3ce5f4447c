"""`kirok estimate CAPTURES.csv`, run as a user runs it: a separate process, real files.

The numbers are the published ones of tests/data/mse/README.md; the library's own tests
(tests/estimation/) check the methods closely, these check that the command carries them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kirok.cli import estimate as command
from kirok.lib import estimation

DATA = Path(__file__).parent / "data" / "mse"


def kirok(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kirok", "estimate", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_command_offers_the_librarys_methods():
    assert command.METHODS == estimation.METHODS


def test_a_given_model_prints_the_published_estimate_and_profile_interval():
    # Rome HIV, main effects + c1:c2: Rcapture's closedpCI.t gives N 12,318.5 and the
    # multinomial profile interval (10,266, 14,992.3) (README section 8). Printed to 0.1.
    done = kirok(DATA / "hiv_rome_4list.csv", "--model", "c1:c2")
    assert done.returncode == 0, done.stderr
    assert "12,318.5" in done.stdout
    assert "10,266" in done.stdout and "14,992" in done.stdout
    assert "observed      1,896" in done.stdout


def test_json_output_has_the_documented_keys_and_the_stepwise_uk_estimate():
    # UK 2013 five lists, stepwise p = 0.02 (Chan et al. 2021): 11,313.0 with a profile
    # interval of about 9,889-13,063 (README section 1). Tolerance 0.5 people / 1%.
    done = kirok(DATA / "uk2013_5list.csv", "--criterion", "pvalue", "--pvalue", "0.02", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert {"observed", "estimate", "interval", "method", "model", "warnings"} <= set(result)
    assert result["observed"] == 2744
    assert result["method"] == "loglinear"
    assert result["estimate"] == pytest.approx(11313.0, abs=0.5)
    low, high = result["interval"]
    assert low == pytest.approx(9889, rel=0.01) and high == pytest.approx(13063, rel=0.01)
    assert set(result["model"].split(",")) == {
        "LA:NG",
        "NG:GP",
        "PFNCA:GP",
        "LA:PFNCA",
        "GO:GP",
        "NG:GO",
    }


def test_a_stratified_table_gives_each_stratum_and_their_total():
    done = kirok(DATA / "spina_bifida_ny_3list_by_ethnicity.csv", "--model", "D:R", "--json")
    result = json.loads(done.stdout)
    strata = {s["stratum"]["ethnicity"]: s for s in result["strata"]}
    assert set(strata) == {"caucasian", "afro-american", "other"}
    assert result["observed"] == 621 == sum(s["observed"] for s in strata.values())
    if all(s["estimate"] is not None for s in strata.values()):
        assert result["estimate"] == pytest.approx(sum(s["estimate"] for s in strata.values()))
        assert result["interval"][0] <= result["estimate"] <= result["interval"][1]
    # The "other" stratum has nobody on list D: the command says so.
    codes = {w["code"] for w in strata["other"]["warnings"]}
    assert "list_empty" in codes


def test_a_model_whose_estimate_does_not_exist_is_explained_and_exits_non_zero():
    # Chan et al. (2021) Table 2: with A:B the maximum-likelihood estimate does not exist.
    done = kirok(DATA / "artificial_3list_chan2021.csv", "--model", "A:B", "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["estimate"] is None
    assert "mle_does_not_exist" in {w["code"] for w in result["warnings"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"A,B,total\n1,0,3\n", "no 'count' column"),
        (b"A,B,count\n1,0,3\n0,1,x\n", "line 3: count 'x' is not a number"),
        (b"A,B,count\n1,2,3\n", "line 2, column B: expected 0 or 1"),
        (b"A,B,count\n0,0,3\n", "on no list"),
        (b"A,count\n1,3\n", "at least two lists"),
        ("A,B,count\n1,0,3\n".encode("utf-16"), "not UTF-8"),
    ],
)
def test_bad_input_is_one_clear_line_and_no_estimate(tmp_path, content, message):
    path = tmp_path / "captures.csv"
    path.write_bytes(content)
    done = kirok(path)
    assert done.returncode == 1
    assert message in done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr


def test_a_missing_file_is_an_error(tmp_path):
    done = kirok(tmp_path / "nowhere.csv")
    assert done.returncode != 0
    assert "does not exist" in done.stderr


def test_the_samplers_take_their_settings_from_the_command_line():
    # The sampler's warning says "run more iterations or more chains": the command can.
    done = kirok(
        DATA / "kosovo_4list.csv", "--method", "lcmcr", "--classes", "5", "--iterations", "1000",
        "--chains", "2", "--seed", "1", "--json",
    )  # fmt: skip
    details = json.loads(done.stdout)["details"]
    assert (details["K"], details["iterations"], details["burn_in"], details["chains"]) == (
        5, 1000, 1000, 2,
    )  # fmt: skip
    # Madigan & York used delta = 1 for three lists (README §9); the default is 2^-3.
    done = kirok(DATA / "spina_bifida_ny_3list_my1997.csv", "--method", "dga", "--delta", "1",
                 "--json")  # fmt: skip
    assert json.loads(done.stdout)["details"]["delta"] == 1.0
    refused = kirok(DATA / "kosovo_4list.csv", "--method", "lcmcr", "--classes", "1")
    assert refused.returncode == 2 and "--classes" in refused.stderr
